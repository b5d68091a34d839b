import OCI
import Runtime

enum ListCommand {
    static let command = Command(flags: [.value("format", "f"), .bool("quiet", "q")]) { global, args throws(RuntimeError) in
        let states = global.runtime.list()
        if args.bool("quiet") {
            for state in states { print(state.id) }
        } else if args.value("format") == "json" {
            try printJSON(states)
        } else {
            let rows = [["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"]]
                + states.map { [$0.id, String($0.pid), $0.status.rawValue, $0.bundle, $0.created, "root"] }
            print(Table.render(rows))
        }
        return 0
    }
}

/// Left-aligned columns separated by at least three spaces, as tabwriter prints them.
enum Table {
    static func render(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 3)
            }.joined()
        }.joined(separator: "\n")
    }
}
