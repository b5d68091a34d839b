/// Docker's container naming: what a name may look like, and the
/// `adjective_surname` names given to containers created without one.
public enum ContainerNames {
    /// `[a-zA-Z0-9][a-zA-Z0-9_.-]+`, with an optional leading "/".
    public static func validate(_ name: String) throws(EngineError) -> String {
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        let bytes = Array(bare.utf8)
        func alphanumeric(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
        guard bytes.count >= 2, alphanumeric(bytes[0]),
              bytes.dropFirst().allSatisfy({ alphanumeric($0) || $0 == 95 || $0 == 46 || $0 == 45 }) else {
            throw .invalid("Invalid container name (\(name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        }
        return bare
    }

    static let adjectives = [
        "admiring", "agile", "amazing", "bold", "brave", "bright", "calm", "careful", "cheerful", "clever",
        "confident", "curious", "dazzling", "determined", "eager", "elastic", "elegant", "epic", "fervent", "focused",
        "friendly", "gallant", "gentle", "gifted", "happy", "hopeful", "humble", "jolly", "keen", "kind",
        "lucid", "merry", "modest", "nifty", "noble", "patient", "peaceful", "practical", "quiet", "quirky",
        "relaxed", "serene", "sharp", "silly", "steady", "sweet", "tender", "trusting", "upbeat", "vibrant",
        "vigilant", "wizardly", "wonderful", "youthful", "zealous", "zen",
    ]

    static let surnames = [
        "agnesi", "archimedes", "babbage", "bardeen", "bohr", "boole", "cannon", "carson", "curie", "darwin",
        "dijkstra", "einstein", "euclid", "euler", "faraday", "fermat", "fermi", "feynman", "franklin", "galileo",
        "gauss", "goodall", "hamilton", "hawking", "hertz", "hopper", "hypatia", "johnson", "joliot", "kepler",
        "knuth", "lamarr", "leakey", "lovelace", "maxwell", "meitner", "mendel", "mirzakhani", "newton", "nobel",
        "noether", "pascal", "pasteur", "planck", "raman", "ritchie", "shannon", "sinoussi", "tesla", "thompson",
        "torvalds", "turing", "volta", "wiles", "wozniak", "yalow",
    ]

    /// A random `adjective_surname`; after collisions, a digit is appended as Docker does.
    public static func generate(retry: Int) -> String {
        var name = adjectives.randomElement()! + "_" + surnames.randomElement()!
        if retry > 0 { name += String(Int.random(in: 0...9)) }
        return name
    }
}
