import LinuxSupport

/// Signal names in API requests, refused with Docker's message.
public enum Signals {
    public static func parse(_ text: String) throws(EngineError) -> Int32 {
        guard let number = SignalNames.number(text) else { throw .invalid("Invalid signal: \(text)") }
        return number
    }
}
