import CLISupport
import Testing

@Suite struct TemplateTests {
    func render(_ source: String, _ json: String, missingKeyIsError: Bool = false) throws -> String {
        let data = TemplateValue(json: try JSONDocument.parse(json))
        return try Template(source).execute(data, options: .init(missingKeyIsError: missingKeyIsError))
    }

    @Test func fieldsAndNestedFields() throws {
        #expect(try render("{{.Id}} {{.Config.Cmd}}", #"{"Id":"sha256:ab","Config":{"Cmd":["sh","-c"]}}"#) == "sha256:ab [sh -c]")
        #expect(try render("{{.Size}}", #"{"Size":1985718}"#) == "1985718")
        #expect(try render("{{.Labels}}", #"{"Labels":{"b":"2","a":"1"}}"#) == "map[a:1 b:2]")
    }

    @Test func nullsPrintAsDockerTypedFieldsDo() throws {
        #expect(try render("{{.Env}}|{{.Labels}}|{{.Health}}", #"{"Env":null,"Labels":null,"Health":null}"#) == "[]|map[]|<nil>")
    }

    @Test func jsonKeepsDaemonOrderAndDoesNotEscapeHTML() throws {
        #expect(try render("{{json .}}", #"{"b":1,"a":"<x>"}"#) == #"{"b":1,"a":"<x>"}"#)
        #expect(try render("{{json .Missing}}", #"{}"#) == "null")
    }

    @Test func recordsMarshalSortedAndEscaped() throws {
        let row = TemplateValue.record(TemplateRecord(typeName: "*row", fields: [("Tag", .string("<none>")), ("ID", .string("abc"))]))
        #expect(try Template("{{json .}}").execute(row) == #"{"ID":"abc","Tag":"\u003cnone\u003e"}"#)
        #expect(throws: TemplateError.self) { try Template("{{.Nope}}").execute(row) }
        do { _ = try Template("{{.Nope}}").execute(row) } catch {
            #expect(error.message == #"template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type *row"#)
        }
    }

    @Test func missingKeys() throws {
        #expect(try render("{{.Nope}}", "{}") == "<no value>")
        do {
            _ = try render("x {{.A.Nope}}", #"{"A":{}}"#, missingKeyIsError: true)
            Issue.record("expected an error")
        } catch let error as TemplateError {
            #expect(error.message == #"template: :1:4: executing "" at <.A.Nope>: map has no entry for key "Nope""#)
            #expect(!error.isParseError)
        }
    }

    @Test func goFieldNamesFindJSONKeys() throws {
        #expect(try render("{{.ID}} {{.APIVersion}}", #"{"Id":"x","ApiVersion":"1.41"}"#) == "x 1.41")
    }

    @Test func parseErrors() {
        for (source, message) in [
            ("{{.Id", "template: :1: unclosed action"),
            ("{{nosuch .}}", #"template: :1: function "nosuch" not defined"#),
            ("{{if .A}}x", "template: :1: unexpected EOF"),
            ("a\n{{end}}", "template: :2: unexpected {{end}}"),
        ] {
            do {
                _ = try Template(source)
                Issue.record("\(source) parsed")
            } catch {
                #expect(error.message == message)
                #expect(error.isParseError)
            }
        }
    }

    @Test func controlFlow() throws {
        let json = #"{"Os":"linux","Tags":["a","b"],"Empty":[],"M":{"k":"v","a":"z"}}"#
        #expect(try render(#"{{if eq .Os "linux"}}L{{else if eq .Os "windows"}}W{{else}}?{{end}}"#, json) == "L")
        #expect(try render(#"{{if ne .Os "linux"}}x{{else}}y{{end}}"#, json) == "y")
        #expect(try render("{{range .Tags}}<{{.}}>{{end}}", json) == "<a><b>")
        #expect(try render("{{range $i, $t := .Tags}}{{$i}}={{$t}} {{end}}", json) == "0=a 1=b ")
        #expect(try render("{{range .Empty}}x{{else}}none{{end}}", json) == "none")
        #expect(try render("{{range $k, $v := .M}}{{$k}}:{{$v}};{{end}}", json) == "a:z;k:v;")
        #expect(try render("{{with .M}}{{.k}}{{end}}{{with .Empty}}x{{else}}-{{end}}", json) == "v-")
        #expect(try render("{{$x := .Os}}{{$x}}-{{$}}", #"{"Os":"l"}"#) == "l-map[Os:l]")
    }

    @Test func trimMarkersAndComments() throws {
        #expect(try render("a  {{- .X -}}  b", #"{"X":1}"#) == "a1b")
        #expect(try render("a {{/* note */}}b", "{}") == "a b")
        #expect(try render("{{- /* x */ -}}\n  c", "{}") == "c")
    }

    @Test func functions() throws {
        let json = #"{"S":"Hello World","L":["x","y"],"M":{"k":"v"},"N":3}"#
        #expect(try render(#"{{lower .S}} {{upper .S}} {{title "a b"}}"#, json) == "hello world HELLO WORLD A B")
        #expect(try render(#"{{join .L ","}} {{split "a,b" ","}} {{len .L}}"#, json) == "x,y [a b] 2")
        #expect(try render(#"{{index .M "k"}} {{index .L 1}} {{truncate .S 5}} [{{pad "x" 1 2}}]"#, json) == "v y Hello [ x  ]")
        #expect(try render(#"{{.S | printf "%s!"}} {{printf "%-4s|%3d" "a" 7}}"#, json) == "Hello World! a   |  7")
        #expect(try render("{{json .L}} {{not true}} {{and 1 0}} {{or 0 2}}", json) == #"["x","y"] false 0 2"#)
        #expect(try render("{{if gt .N 2}}big{{end}} {{(index .L 0)}}", json) == "big x")
    }

    @Test func headerFunctionsPassArgumentsThrough() throws {
        let header = TemplateValue.map([("Repository", .string("REPOSITORY"))])
        #expect(try Template("{{json .Repository}} {{upper .Repository}}").execute(header, functions: .header) == "REPOSITORY REPOSITORY")
    }
}

