import CLISupport
import EngineClient
import Glibc
import LinuxSupport

/// Moves bytes between the terminal and an attached container (Docker's
/// hijackedIOStreamer), in one poll loop: the container's output to stdout
/// and stderr (raw for a TTY, demultiplexed otherwise), stdin to the
/// container (half-closing the socket at its end), signals to the relay.
struct AttachPump {
    enum Outcome {
        /// The daemon closed the stream: the process has exited.
        case ended
        /// The user typed the detach keys; the connection is closed.
        case detached
        /// Stdin ended and no output was attached, or the container exited
        /// while no output was attached.
        case inputDone
    }

    let stream: HijackedStream
    let tty: Bool
    /// Where stdin comes from, when it is attached.
    var input: Int32?
    /// Where output goes; for a TTY, stderr shares stdout (one stream).
    var output: Int32?
    var errors: Int32?
    /// Detach-key detection, for a TTY with stdin attached.
    var escape: EscapeDetector?
    var relay: SignalRelay?
    /// A pending wait whose answer ends the loop when no output is attached.
    var exitWatch: HTTPResponse?
    /// Restored as soon as the stream ends, so that later messages print normally.
    var terminal: RawTerminal?

    func run() throws -> Outcome {
        var inputOpen = input != nil
        var escape = self.escape
        var demuxer = StreamDemuxer()
        let outputAttached = output != nil || errors != nil
        defer { terminal?.restore() }
        while true {
            var descriptors: [Int32] = []
            if !stream.hasPendingOutput {
                descriptors.append(stream.fd)
                if inputOpen, let input { descriptors.append(input) }
                if let relay { descriptors.append(relay.fd) }
                if !outputAttached, let exitWatch { descriptors.append(exitWatch.fileDescriptor) }
                let ready: [Poll.Readiness]
                do { ready = try Poll.readable(descriptors) } catch { throw CLIError("\(error)") }
                var index = 1
                if inputOpen, let input {
                    if ready[index].isReadable {
                        switch try forwardInput(from: input, escape: &escape) {
                        case .open: break
                        case .closed:
                            inputOpen = false
                            stream.closeWrite()
                            if !outputAttached { return .inputDone }
                        case .detach:
                            stream.close()
                            return .detached
                        }
                    }
                    index += 1
                }
                if let relay {
                    if ready[index].isReadable { relay.handlePending() }
                    index += 1
                }
                if !outputAttached, exitWatch != nil, ready[index].isReadable { return .inputDone }
                guard ready[0].isReadable else { continue }
            }
            let chunk = try stream.read()
            if chunk.isEmpty { return .ended }
            if tty {
                if let output { try StreamCopy.write(output, chunk) }
            } else {
                try StreamCopy.deliver(try StreamCopy.demux(&demuxer, chunk), stdout: output, stderr: errors)
            }
        }
    }

    enum InputState { case open, closed, detach }

    /// One read of stdin, passed on (or held back while it might be the
    /// start of the detach keys).
    func forwardInput(from fd: Int32, escape: inout EscapeDetector?) throws -> InputState {
        let bytes: [UInt8]
        do { bytes = try FD.read(fd, max: 32768) } catch { return .closed }
        if bytes.isEmpty { return .closed }
        var toSend = bytes
        var detach = false
        if escape != nil {
            switch escape!.filter(bytes) {
            case .forward(let pass): toSend = pass
            case .detach(let pass):
                toSend = pass
                detach = true
            }
        }
        if !toSend.isEmpty {
            // A failed write shows up on the output side too, as in Docker.
            try? stream.write(toSend)
        }
        return detach ? .detach : .open
    }
}
