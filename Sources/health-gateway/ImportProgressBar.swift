import Foundation

/// The live line `import` draws on a terminal: a bar, the share done, resources, resources per second
/// and the time left, estimated from the bytes done.
struct ImportProgressBar {
    var width = 28

    func line(bytesDone: Int64, bytesTotal: Int64, resources: Int, seconds: Double) -> String {
        let share = bytesTotal > 0 ? min(1, max(0, Double(bytesDone) / Double(bytesTotal))) : 0
        let filled = Int((share * Double(width)).rounded(.down))
        let rate = seconds > 0 ? Double(resources) / seconds : 0
        let left = share > 0 && share < 1 ? seconds * (1 - share) / share : 0
        return "[\(String(repeating: "#", count: filled))\(String(repeating: "-", count: width - filled))] "
            + "\(Int((share * 100).rounded(.down)))%  \(Self.grouped(resources)) resources  "
            + "\(Self.grouped(Int(rate.rounded())))/s  ETA \(Self.clock(share >= 1 ? 0 : left))"
    }

    /// `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `1:05`, `1:02:03`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let tail = String(format: "%02d", secs)
        return hours > 0 ? "\(hours):\(String(format: "%02d", minutes)):\(tail)" : "\(minutes):\(tail)"
    }
}
