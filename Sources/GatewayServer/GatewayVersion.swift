/// The gateway's version, as the CapabilityStatement and `--version` report it.
public enum GatewayVersion {
    public static let current = "0.2.0"
    /// When this version's capabilities were fixed (`CapabilityStatement.date`).
    public static let releaseDate = "2026-11-22"
}
