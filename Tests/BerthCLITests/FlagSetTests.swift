import CLISupport
import Testing

@Suite struct FlagSetTests {
    let set = FlagSet([
        .bool("interactive", short: "i"), .bool("tty", short: "t"), .bool("rm"),
        FlagDefinition("env", short: "e", type: "list", validate: FlagValidators.environment),
        FlagDefinition("memory", short: "m", type: "bytes") { (text) throws(FlagValueError) in String(try ByteSize.ramInBytes(text)) },
        FlagDefinition("name"), FlagDefinition("hostname", short: "h"),
    ], interspersed: false)

    @Test func pflagForms() throws {
        let parsed = try set.parse(["-it", "-eA=b", "-e", "C=d", "--env=E=f", "-m=32m", "--rm=false", "--name", "x", "img", "ls", "-l"])
        #expect(parsed.bool("interactive") && parsed.bool("tty"))
        #expect(parsed.strings("env") == ["A=b", "C=d", "E=f"])
        #expect(parsed.int("memory") == 33_554_432)
        #expect(parsed.isSet("rm") && !parsed.bool("rm"))
        #expect(parsed.string("name") == "x")
        // Flags end at the image: `-l` belongs to `ls`.
        #expect(parsed.arguments == ["img", "ls", "-l"])
    }

    @Test func terminatorAndShortHostname() throws {
        let parsed = try set.parse(["-h", "box", "--", "--rm"])
        #expect(parsed.string("hostname") == "box")
        #expect(parsed.arguments == ["--rm"])
    }

    @Test func errorsInPflagWords() {
        func message(_ args: [String]) -> String? {
            do { _ = try set.parse(args); return nil } catch {
                if case .invalid(let text) = error { return text }
                return "help"
            }
        }
        #expect(message(["--nope"]) == "unknown flag: --nope")
        #expect(message(["-x"]) == "unknown shorthand flag: 'x' in -x")
        #expect(message(["-ix"]) == "unknown shorthand flag: 'x' in -x")
        #expect(message(["--name"]) == "flag needs an argument: --name")
        #expect(message(["-e"]) == "flag needs an argument: 'e' in -e")
        #expect(message(["---x"]) == "bad flag syntax: ---x")
        #expect(message(["--memory", "abc"]) == "invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'")
        #expect(message(["-e", "=x"]) == "invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x")
        #expect(message(["--rm=maybe"]) == "invalid argument \"maybe\" for \"--rm\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax")
        #expect(message(["--help"]) == "help")
    }
}

@Suite struct UnitParsingTests {
    @Test func ramSizes() throws {
        #expect(try ByteSize.ramInBytes("32m") == 32 << 20)
        #expect(try ByteSize.ramInBytes("1.5g") == 1_610_612_736)
        #expect(try ByteSize.ramInBytes("512") == 512)
        #expect(try ByteSize.ramInBytes("64 MiB") == 64 << 20)
        #expect(try ByteSize.ramInBytes("10kb") == 10240)
        #expect(throws: FlagValueError("invalid size: 'abc'")) { try ByteSize.ramInBytes("abc") }
        #expect(throws: FlagValueError("invalid suffix: 'x'")) { try ByteSize.ramInBytes("1x") }
        #expect(throws: FlagValueError("invalid suffix: 'mbb'")) { try ByteSize.ramInBytes("1mbb") }
    }

    @Test func nanoCPUs() throws {
        #expect(try CPUCount.nanoCPUs("0.5") == 500_000_000)
        #expect(try CPUCount.nanoCPUs("2") == 2_000_000_000)
        #expect(try CPUCount.nanoCPUs("1.25e0") == 1_250_000_000)
        #expect(try CPUCount.nanoCPUs("1/4") == 250_000_000)
        #expect(throws: FlagValueError("value is too precise")) { try CPUCount.nanoCPUs("1/3") }
        #expect(throws: FlagValueError("value is too precise")) { try CPUCount.nanoCPUs("0.0000000001") }
        #expect(throws: FlagValueError("failed to parse x as a rational number")) { try CPUCount.nanoCPUs("x") }
    }

    @Test func ulimits() throws {
        #expect(try Ulimit(parsing: "nofile=10:20") == Ulimit(name: "nofile", soft: 10, hard: 20))
        #expect(try Ulimit(parsing: "core=0") == Ulimit(name: "core", soft: 0, hard: 0))
        #expect(try Ulimit(parsing: "nproc=-1") == Ulimit(name: "nproc", soft: -1, hard: -1))
        #expect(throws: FlagValueError("invalid ulimit type: bogus")) { try Ulimit(parsing: "bogus=1") }
        #expect(throws: FlagValueError("invalid ulimit argument: nofile")) { try Ulimit(parsing: "nofile") }
        #expect(throws: FlagValueError("strconv.ParseInt: parsing \"a\": invalid syntax")) { try Ulimit(parsing: "nofile=a") }
        #expect(throws: FlagValueError("ulimit soft limit must be less than or equal to hard limit: 20 > 10")) {
            try Ulimit(parsing: "nofile=20:10")
        }
    }

    @Test func goDurations() throws {
        #expect(try GoDuration.parse("1h30m") == 5_400_000_000_000)
        #expect(try GoDuration.parse("1.5s") == 1_500_000_000)
        #expect(try GoDuration.parse("300ms") == 300_000_000)
        #expect(try GoDuration.parse("0") == 0)
        #expect(throws: FlagValueError("time: missing unit in duration \"1\"")) { try GoDuration.parse("1") }
        #expect(throws: FlagValueError("time: unknown unit \"x\" in duration \"1x\"")) { try GoDuration.parse("1x") }
    }

    @Test func goIntegers() throws {
        #expect(try GoStrconv.parseInt("0x10") == 16)
        #expect(try GoStrconv.parseInt("-12") == -12)
        #expect(try GoStrconv.parseInt("010") == 8)
        #expect(throws: FlagValueError("strconv.ParseInt: parsing \"1.5\": invalid syntax")) { try GoStrconv.parseInt("1.5") }
        #expect(throws: FlagValueError("strconv.ParseUint: parsing \"70000\": value out of range")) {
            try GoStrconv.parseUint("70000", bits: 16)
        }
    }

    @Test func apiTimestamps() throws {
        #expect(try APITimestamp.convert("10m", now: 1000.5) == "400")
        #expect(try APITimestamp.convert("1600000000", now: 0) == "1600000000")
        #expect(try APITimestamp.convert("1600000000.5", now: 0) == "1600000000.5")
        #expect(try APITimestamp.convert("2020-01-02T03:04:05Z", now: 0) == "1577934245.000000000")
        #expect(try APITimestamp.convert("2020-01-02T03:04:05.25+01:00", now: 0) == "1577930645.250000000")
        #expect(throws: FlagValueError("failed to parse value as time or duration: \"bogus\"")) { try APITimestamp.convert("bogus", now: 0) }
        #expect(throws: FlagValueError("parsing time \"2020-13-01\": month out of range")) { try APITimestamp.convert("2020-13-01", now: 0) }
    }
}
