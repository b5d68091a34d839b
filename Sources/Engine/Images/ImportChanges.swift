import OCI

/// The Dockerfile instructions `docker import -c` and `docker commit -c`
/// accept, applied to an image's container config.
enum ImportChanges {
    static let allowed: Set<String> = ["CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"]

    static func apply(_ changes: [String], to initial: ContainerConfig) throws(EngineError) -> ContainerConfig {
        var config = initial
        for change in changes {
            let trimmed = change.drop(while: \.isWhitespace)
            guard !trimmed.isEmpty else { continue }
            let word = String(trimmed.prefix(while: { !$0.isWhitespace })).uppercased()
            let rest = String(trimmed.dropFirst(word.count).drop(while: \.isWhitespace))
            guard allowed.contains(word) else { throw .invalid("\(word) is not a valid change command") }
            switch word {
            case "CMD": config.cmd = commandForm(rest)
            case "ENTRYPOINT": config.entrypoint = commandForm(rest)
            case "ENV":
                var env = config.env ?? []
                for (key, value) in try keyValues(rest, instruction: "ENV") {
                    env.removeAll { $0.hasPrefix(key + "=") }
                    env.append(key + "=" + value)
                }
                config.env = env
            case "LABEL":
                var labels = config.labels ?? [:]
                for (key, value) in try keyValues(rest, instruction: "LABEL") { labels[key] = value }
                config.labels = labels
            case "EXPOSE":
                var ports = config.exposedPorts ?? [:]
                for port in rest.split(whereSeparator: \.isWhitespace) {
                    ports[port.contains("/") ? String(port) : port + "/tcp"] = EmptyObject()
                }
                config.exposedPorts = ports
            case "VOLUME":
                var volumes = config.volumes ?? [:]
                for path in jsonArray(rest) ?? rest.split(whereSeparator: \.isWhitespace).map(String.init) { volumes[path] = EmptyObject() }
                config.volumes = volumes
            case "WORKDIR": config.workingDir = rest
            case "USER": config.user = rest
            case "STOPSIGNAL": config.stopSignal = rest
            case "ONBUILD": config.onBuild = (config.onBuild ?? []) + [rest]
            default: break
            }
        }
        return config
    }

    /// JSON form (`["sh","-c","x"]`) as is; shell form wrapped in /bin/sh -c.
    static func commandForm(_ text: String) -> [String] {
        jsonArray(text) ?? ["/bin/sh", "-c", text]
    }

    static func jsonArray(_ text: String) -> [String]? {
        guard text.hasPrefix("[") else { return nil }
        return try? JSON.decode([String].self, from: Array(text.utf8))
    }

    /// `k=v k2="v 2"` pairs, or the legacy `k v` single pair.
    static func keyValues(_ text: String, instruction: String) throws(EngineError) -> [(String, String)] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character.isWhitespace {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        guard let first = words.first else { throw .invalid("\(instruction) requires at least one argument") }
        if !first.contains("=") {
            let value = text.drop(while: { !$0.isWhitespace }).drop(while: \.isWhitespace)
            return [(first, String(value))]
        }
        return try words.map { (word) throws(EngineError) -> (String, String) in
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw .invalid("\(instruction) names must be followed by '=': \(word)")
            }
            return (String(word[..<equals]), String(word[word.index(after: equals)...]))
        }
    }
}
