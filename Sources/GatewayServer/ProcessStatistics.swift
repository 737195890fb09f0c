import Foundation

/// The process's own figures, as Prometheus' client libraries export them under the standard names
/// (https://prometheus.io/docs/instrumenting/writing_clientlibs/#process-metrics): read from Linux's
/// `/proc/self` at scrape time; nil where `/proc` is not there.
struct ProcessStatistics {
    var cpuSeconds: Double
    var residentBytes: Double
    var virtualBytes: Double
    var startTimeSeconds: Double
    var openFileDescriptors: Double
    var maxFileDescriptors: Double?

    static func current() -> ProcessStatistics? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8) else { return nil }
        // The fields after the command name, which is in parentheses and may hold spaces.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // utime 14, stime 15, starttime 22, vsize 23, rss 24 (1-based, man 5 proc); `fields` starts at field 3.
        func field(_ number: Int) -> Double? { fields.indices.contains(number - 3) ? Double(fields[number - 3]) : nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        guard ticks > 0, let user = field(14), let system = field(15), let start = field(22), let virtual = field(23),
              let resident = field(24), let secondsUp = uptime.split(separator: " ").first.flatMap({ Double($0) })
        else { return nil }
        let bootTime = Date().timeIntervalSince1970 - secondsUp
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count).map(Double.init) ?? 0
        var limit = rlimit()
        // RLIM_INFINITY is all ones; Swift cannot import its C definition.
        let maxFiles = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 && limit.rlim_cur != rlim_t.max
            ? Double(limit.rlim_cur) : nil
        return ProcessStatistics(cpuSeconds: (user + system) / ticks, residentBytes: resident * pageSize, virtualBytes: virtual,
                                 startTimeSeconds: bootTime + start / ticks, openFileDescriptors: open,
                                 maxFileDescriptors: maxFiles)
    }
}
