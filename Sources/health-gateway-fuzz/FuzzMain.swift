import Foundation
import FuzzTargets

/// The fuzzing driver (`scripts/fuzz TARGET SECONDS`). Built with `-sanitize=fuzzer` and `-D FUZZING`, it
/// hands its arguments to libFuzzer's driver (`LLVMFuzzerRunDriver`), which calls the target named by
/// the environment variable `FUZZ_TARGET` with each input it makes. Built plainly, it replays the files
/// it is given (`health-gateway-fuzz TARGET FILE…`), to reproduce a crash outside libFuzzer.
@main
enum FuzzMain {
    static func main() throws {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzerTestOneInput))
        #else
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: health-gateway-fuzz TARGET FILE…  (targets: \(names))")
            exit(2)
        }
        for path in arguments.dropFirst() {
            target.run(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            print("\(path): ok")
        }
        #endif
    }

    static var names: String { FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ") }
}

#if FUZZING
/// The target, read once from `FUZZ_TARGET`.
private let selected: FuzzTarget? = ProcessInfo.processInfo.environment["FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:))

// Whichever `main` the linker keeps, libFuzzer's or this program's, libFuzzer calls these.

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    guard selected != nil else {
        FileHandle.standardError.write(Data("set FUZZ_TARGET to one of: \(FuzzMain.names)\n".utf8))
        exit(2)
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected?.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}

/// libFuzzer's entry for programs with a `main` of their own (compiler-rt `FuzzerInterface.h`).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif
