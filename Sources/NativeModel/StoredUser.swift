/// A row of `users` as stored: identity, bookkeeping and content.
public struct StoredUser: Sendable, Equatable, Encodable {
    public var id: Int64
    public var meta: RowMeta
    public var record: UserRecord

    public init(id: Int64, meta: RowMeta, record: UserRecord) {
        self.id = id
        self.meta = meta
        self.record = record
    }

    public func encode(to encoder: any Encoder) throws {
        try StoredRowKeys.encode(id: id, userID: nil, meta: meta, to: encoder)
        try record.encode(to: encoder)
    }
}

/// A row of a measurement table as stored.
public struct StoredMeasurement<Record: MeasurementRecord>: Sendable, Equatable, Encodable {
    public var id: Int64
    public var userID: Int64
    public var meta: RowMeta
    public var record: Record

    public init(id: Int64, userID: Int64, meta: RowMeta, record: Record) {
        self.id = id
        self.userID = userID
        self.meta = meta
        self.record = record
    }

    public func encode(to encoder: any Encoder) throws {
        try StoredRowKeys.encode(id: id, userID: userID, meta: meta, to: encoder)
        try record.encode(to: encoder)
    }
}

enum StoredRowKeys: String, CodingKey {
    case id, userID = "user_id", version, createdAt = "created_at", updatedAt = "updated_at"

    static func encode(id: Int64, userID: Int64?, meta: RowMeta, to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: StoredRowKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(userID, forKey: .userID)
        try container.encode(meta.version, forKey: .version)
        try container.encode(meta.createdAt.description, forKey: .createdAt)
        try container.encode(meta.updatedAt.description, forKey: .updatedAt)
    }
}
