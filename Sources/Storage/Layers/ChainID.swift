import OCI

/// Chain IDs name a stack of layers: chain(0) = diffID(0),
/// chain(n) = sha256(chain(n-1) + " " + diffID(n)). Snapshots are keyed by
/// them, so the same layer on a different base is a different snapshot.
public enum ChainID {
    public static func compute(_ diffIDs: [String]) -> [String] {
        var chain: [String] = []
        for diffID in diffIDs {
            if let previous = chain.last {
                chain.append(SHA256Digester.digest(Array((previous + " " + diffID).utf8)).description)
            } else {
                chain.append(diffID)
            }
        }
        return chain
    }
}
