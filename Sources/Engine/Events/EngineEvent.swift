/// One entry of `/events`, in Docker's shape.
public struct EngineEvent: Codable, Sendable {
    public struct Actor: Codable, Sendable {
        public var ID: String
        public var Attributes: [String: String]
    }

    public var status: String?
    public var id: String?
    public var from: String?
    public var `Type`: String
    public var Action: String
    public var Actor: Actor
    public var scope: String
    public var time: Int64
    public var timeNano: Int64

    public init(type: String, action: String, id: String, attributes: [String: String], timeNano: Int64) {
        self.Type = type
        self.Action = action
        self.Actor = .init(ID: id, Attributes: attributes)
        self.scope = "local"
        self.timeNano = timeNano
        self.time = timeNano / 1_000_000_000
        if type == "container" {
            // The fields of API versions before 1.52.
            status = action
            self.id = id
            from = attributes["image"]
        }
    }
}
