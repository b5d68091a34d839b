import Testing
@testable import Storage

@Test func storageModuleLoads() { _ = StorageModule.self }
