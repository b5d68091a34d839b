/// `-v/--volume` (compose's ParseVolume) and `--mount` (Docker's MountOpt).
public enum VolumeSpec {
    public struct Parsed: Equatable, Sendable {
        public var source: String
        public var target: String
        public var isBind: Bool
    }

    public static func parse(_ spec: String) throws(FlagValueError) -> Parsed {
        let scalars = Array(spec.unicodeScalars)
        if scalars.isEmpty { throw FlagValueError("invalid empty volume spec") }
        if scalars.count <= 2 { return Parsed(source: "", target: spec, isBind: false) }
        var source = "", target = ""
        var buffer = String.UnicodeScalarView()
        for (index, scalar) in (scalars + ["\u{0}"]).enumerated() {
            let isEnd = index == scalars.count
            // A Windows drive letter ("c:") is not a separator.
            if scalar == ":" && buffer.count == 1 && Character(buffer.first!).isLetter {
                buffer.append(scalar)
                continue
            }
            guard scalar == ":" || isEnd else { buffer.append(scalar); continue }
            let text = String(buffer)
            if buffer.isEmpty { throw FlagValueError("invalid spec: \(spec): empty section between colons") }
            if source.isEmpty && isEnd { target = text }
            else if source.isEmpty { source = text }
            else if target.isEmpty { target = text }
            else if !isEnd { throw FlagValueError("invalid spec: \(spec): too many colons") }
            buffer = String.UnicodeScalarView()
        }
        let isBind = !source.isEmpty && (["." , "/", "~"].contains(source.first!) || source.hasPrefix("\\\\"))
        return Parsed(source: source, target: target, isBind: isBind)
    }
}

/// `--mount type=bind,source=/a,target=/b,readonly`, as the `Mounts` JSON.
public enum MountOption {
    public static func parse(_ value: String, absolutePath: (String) -> String) throws(FlagValueError) -> JSONDocument {
        var type = "volume", source = "", target = "", consistency = ""
        var readOnly = false
        var bind: [(String, JSONDocument)]? = nil
        var volume: (noCopy: Bool, labels: [(String, String)], subpath: String, driver: String, options: [(String, String)]?)? = nil
        var tmpfs: (size: Int64, mode: UInt64)? = nil
        func volumeOptions() { if volume == nil { volume = (false, [], "", "", nil) } }
        func bindOptions() { if bind == nil { bind = [] } }
        func setBind(_ key: String, _ value: JSONDocument) {
            bindOptions()
            if let index = bind!.firstIndex(where: { $0.0 == key }) { bind![index].1 = value } else { bind!.append((key, value)) }
        }
        func keyValue(_ text: String) -> (String, String)? {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return parts[0].isEmpty ? nil : (parts[0], parts.count > 1 ? parts[1] : "")
        }
        for field in try csvFields(value) {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = parts[0].lowercased()
            guard parts.count == 2 else {
                switch key {
                case "readonly", "ro": readOnly = true
                case "volume-nocopy": volumeOptions(); volume!.noCopy = true
                case "bind-nonrecursive": setBind("NonRecursive", .bool(true))
                default: throw FlagValueError("invalid field '\(field)' must be a key=value pair")
                }
                continue
            }
            let val = parts[1]
            switch key {
            case "type": type = val.lowercased()
            case "source", "src": source = !val.hasPrefix("/") && val.hasPrefix(".") ? absolutePath(val) : val
            case "target", "dst", "destination": target = val
            case "readonly", "ro":
                do { readOnly = try GoStrconv.parseBool(val) } catch { throw FlagValueError("invalid value for \(key): \(val)") }
            case "consistency": consistency = val.lowercased()
            case "bind-propagation": setBind("Propagation", .string(val.lowercased()))
            case "bind-nonrecursive":
                do { setBind("NonRecursive", .bool(try GoStrconv.parseBool(val))) } catch { throw FlagValueError("invalid value for \(key): \(val)") }
            case "bind-recursive":
                switch val {
                case "enabled": break
                case "disabled": setBind("NonRecursive", .bool(true))
                case "writable": setBind("ReadOnlyNonRecursive", .bool(true))
                case "readonly": setBind("ReadOnlyForceRecursive", .bool(true))
                default: throw FlagValueError("invalid value for \(key): \(val) (must \"enabled\", \"disabled\", \"writable\", or \"readonly\")")
                }
            case "volume-subpath": volumeOptions(); volume!.subpath = val
            case "volume-nocopy":
                volumeOptions()
                do { volume!.noCopy = try GoStrconv.parseBool(val) } catch { throw FlagValueError("invalid value for volume-nocopy: \(val)") }
            case "volume-label": volumeOptions(); if let kv = keyValue(val) { volume!.labels.append(kv) }
            case "volume-driver": volumeOptions(); volume!.driver = val
            case "volume-opt":
                volumeOptions()
                if volume!.options == nil { volume!.options = [] }
                if let kv = keyValue(val) { volume!.options!.append(kv) }
            case "tmpfs-size":
                do { tmpfs = (try ByteSize.ramInBytes(val), tmpfs?.mode ?? 0) } catch { throw FlagValueError("invalid value for \(key): \(val)") }
            case "tmpfs-mode":
                guard let mode = UInt64(val, radix: 8), mode <= UInt64(UInt32.max) else { throw FlagValueError("invalid value for \(key): \(val)") }
                tmpfs = (tmpfs?.size ?? 0, mode)
            default: throw FlagValueError("unexpected key '\(key)' in '\(field)'")
            }
        }
        if type.isEmpty { throw FlagValueError("type is required") }
        if target.isEmpty { throw FlagValueError("target is required") }
        if volume != nil && type != "volume" { throw FlagValueError("cannot mix 'volume-*' options with mount type '\(type)'") }
        if bind != nil && type != "bind" { throw FlagValueError("cannot mix 'bind-*' options with mount type '\(type)'") }
        if tmpfs != nil && type != "tmpfs" { throw FlagValueError("cannot mix 'tmpfs-*' options with mount type '\(type)'") }

        var members: [(String, JSONDocument)] = [("Type", .string(type))]
        if !source.isEmpty { members.append(("Source", .string(source))) }
        members.append(("Target", .string(target)))
        if readOnly { members.append(("ReadOnly", .bool(true))) }
        if !consistency.isEmpty { members.append(("Consistency", .string(consistency))) }
        if let bind {
            let order = ["Propagation", "NonRecursive", "CreateMountpoint", "ReadOnlyNonRecursive", "ReadOnlyForceRecursive"]
            members.append(("BindOptions", .object(order.compactMap { key in bind.first { $0.0 == key } })))
        }
        if let volume {
            var options: [(String, JSONDocument)] = []
            if volume.noCopy { options.append(("NoCopy", .bool(true))) }
            if !volume.labels.isEmpty { options.append(("Labels", .stringMap(volume.labels))) }
            if !volume.subpath.isEmpty { options.append(("Subpath", .string(volume.subpath))) }
            var driver: [(String, JSONDocument)] = []
            if !volume.driver.isEmpty { driver.append(("Name", .string(volume.driver))) }
            if let driverOptions = volume.options, !driverOptions.isEmpty { driver.append(("Options", .stringMap(driverOptions))) }
            options.append(("DriverConfig", .object(driver)))
            members.append(("VolumeOptions", .object(options)))
        }
        if let tmpfs {
            var options: [(String, JSONDocument)] = []
            if tmpfs.size != 0 { options.append(("SizeBytes", .number(String(tmpfs.size)))) }
            if tmpfs.mode != 0 { options.append(("Mode", .number(String(tmpfs.mode)))) }
            members.append(("TmpfsOptions", .object(options)))
        }
        return .object(members)
    }

    /// One CSV record (Go's encoding/csv): commas separate, double quotes group.
    static func csvFields(_ text: String) throws(FlagValueError) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var characters = Substring(text)
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" && current.isEmpty {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        if quoted { throw FlagValueError("parse error on line 1, column \(text.count + 1): extraneous or missing \" in quoted-field") }
        fields.append(current)
        return fields
    }
}

extension JSONDocument {
    /// A Go `map[string]string`: keys sorted, the last value of a repeated key.
    public static func stringMap(_ pairs: [(String, String)]) -> JSONDocument {
        var values: [String: String] = [:]
        for (key, value) in pairs { values[key] = value }
        return .object(values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, .string(values[$0]!)) })
    }

    /// A Go `[]string`: null when nil.
    public static func strings(_ values: [String]?) -> JSONDocument {
        values.map { .array($0.map { .string($0) }) } ?? .null
    }

    public static func integer<T: BinaryInteger>(_ value: T) -> JSONDocument { .number(String(value)) }
}
