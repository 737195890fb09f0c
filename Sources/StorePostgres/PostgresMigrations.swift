/// The schema of the PostgreSQL store, as numbered migrations applied in order, each in its own
/// transaction, by one node at a time (an advisory lock): nodes starting together never race on it.
/// A migration that has shipped is never edited.
///
/// The tables, columns, constraints and index names are SQLite's (`SQLiteMigrations`, as of its
/// migration 0011) in PostgreSQL's types, so the engine-neutral SQL of `Store` (`SearchStatements`,
/// `SeriesSQL`, `ChangesSQL`) runs on both. Times are `BIGINT` milliseconds since 1970 UTC. Ids come
/// from sequences, which never hand out a number twice (a deleted Patient's id is never someone
/// else's). Text keys that are compared as ranges or sorted (name keys, metadata keys, birth dates)
/// are `COLLATE "C"`: code-point order, as SQLite compares, whatever the database's own collation.
enum PostgresMigrations {
    struct Migration: Sendable {
        let identifier: String
        let sql: String
    }

    /// The advisory lock key that serializes migrations across nodes ('hgmg' in ASCII).
    static let lockKey: Int64 = 0x6867_6D67

    static let all: [Migration] = [
        Migration(identifier: "0001-native-tables", sql: nativeTables),
        Migration(identifier: "0002-audit-trail", sql: auditTrail),
    ]

    private static let bookkeeping = """
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL CHECK (updated_at >= created_at),
        version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1)
        """

    private static let measurementColumns = """
        id BIGSERIAL PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        """

    private static let provenance = """
        source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
        external_id TEXT CHECK (external_id IS NULL OR length(external_id) BETWEEN 1 AND 200),
        """

    private static let offset = "utc_offset_minutes BIGINT NOT NULL CHECK (utc_offset_minutes BETWEEN -840 AND 840),"

    private static func measurementIndexes(_ table: String, time: String) -> String {
        """
        CREATE INDEX \(table)_user_time ON \(table) (user_id, \(time));
        CREATE UNIQUE INDEX \(table)_source_key ON \(table) (source, external_id, user_id) WHERE external_id IS NOT NULL;
        CREATE INDEX \(table)_updated ON \(table) (updated_at, id);
        """
    }

    static let nativeTables = """
        CREATE TABLE store_metadata (
            key TEXT COLLATE "C" PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE users (
            id BIGSERIAL PRIMARY KEY,
            email TEXT CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%')),
            given_name TEXT CHECK (given_name IS NULL OR length(given_name) BETWEEN 1 AND 200),
            family_name TEXT CHECK (family_name IS NULL OR length(family_name) BETWEEN 1 AND 200),
            gender TEXT CHECK (gender IS NULL OR gender IN ('male', 'female', 'other', 'unknown')),
            birth_date TEXT COLLATE "C" CHECK (birth_date IS NULL OR length(birth_date) IN (4, 7, 10)),
            phone TEXT CHECK (phone IS NULL OR length(phone) BETWEEN 3 AND 40),
            \(bookkeeping),
            family_key TEXT COLLATE "C" NOT NULL DEFAULT '',
            given_key TEXT COLLATE "C" NOT NULL DEFAULT ''
        );
        CREATE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;
        CREATE INDEX users_updated ON users (updated_at, id);
        CREATE INDEX users_phone ON users (phone) WHERE phone IS NOT NULL;
        CREATE INDEX users_family_key ON users (family_key);
        CREATE INDEX users_given_key ON users (given_key);

        CREATE TABLE user_identifiers (
            id BIGSERIAL PRIMARY KEY,
            user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            system TEXT NOT NULL CHECK (length(system) BETWEEN 1 AND 500),
            value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
            UNIQUE (user_id, system, value)
        );
        CREATE INDEX user_identifiers_user ON user_identifiers (user_id);
        CREATE INDEX user_identifiers_value ON user_identifiers (system, value);
        CREATE INDEX user_identifiers_value_only ON user_identifiers (value);

        CREATE TABLE user_name_keys (
            key TEXT COLLATE "C" NOT NULL,
            part TEXT NOT NULL CHECK (part IN ('family', 'given')),
            user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            PRIMARY KEY (key, part, user_id)
        );
        CREATE INDEX user_name_keys_user ON user_name_keys (user_id);

        CREATE TABLE user_sources (
            reference TEXT PRIMARY KEY CHECK (length(reference) BETWEEN 1 AND 2000),
            user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE
        );
        CREATE INDEX user_sources_user ON user_sources (user_id);

        CREATE TABLE retired_ids (
            table_name TEXT NOT NULL,
            row_id BIGINT NOT NULL,
            PRIMARY KEY (table_name, row_id)
        );

        CREATE TABLE physical_activity (
            \(measurementColumns)
            start_time BIGINT NOT NULL,
            end_time BIGINT NOT NULL,
            \(offset)
            steps BIGINT CHECK (steps BETWEEN 0 AND 100000),
            distance_m DOUBLE PRECISION CHECK (distance_m BETWEEN 0 AND 300000),
            active_minutes DOUBLE PRECISION CHECK (active_minutes BETWEEN 0 AND 1500),
            energy_kcal DOUBLE PRECISION CHECK (energy_kcal BETWEEN 0 AND 20000),
            \(provenance)
            \(bookkeeping),
            CHECK (end_time >= start_time AND end_time - start_time <= 90000000),
            CHECK (steps IS NOT NULL OR distance_m IS NOT NULL OR active_minutes IS NOT NULL OR energy_kcal IS NOT NULL)
        );
        \(measurementIndexes("physical_activity", time: "start_time"))

        CREATE TABLE sleep (
            \(measurementColumns)
            start_time BIGINT NOT NULL,
            end_time BIGINT NOT NULL,
            \(offset)
            deep_minutes BIGINT CHECK (deep_minutes BETWEEN 0 AND 1440),
            light_minutes BIGINT CHECK (light_minutes BETWEEN 0 AND 1440),
            rem_minutes BIGINT CHECK (rem_minutes BETWEEN 0 AND 1440),
            awake_minutes BIGINT CHECK (awake_minutes BETWEEN 0 AND 1440),
            \(provenance)
            \(bookkeeping),
            asleep_minutes DOUBLE PRECISION
                CHECK (asleep_minutes IS NULL OR (asleep_minutes > 0 AND asleep_minutes * 60000 <= end_time - start_time + 60000)),
            CHECK (end_time > start_time AND end_time - start_time <= 86400000)
        );
        \(measurementIndexes("sleep", time: "start_time"))

        CREATE TABLE blood_tests (
            \(measurementColumns)
            measured_at BIGINT NOT NULL,
            \(offset)
            analyte TEXT NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            fasting BIGINT CHECK (fasting IN (0, 1)),
            \(provenance)
            \(bookkeeping),
            loinc_code TEXT CHECK (loinc_code IS NULL OR length(loinc_code) BETWEEN 3 AND 9),
            CHECK (CASE analyte
                WHEN 'glucose' THEN value BETWEEN 10 AND 1500
                WHEN 'hba1c' THEN value BETWEEN 2 AND 25
                WHEN 'total_cholesterol' THEN value BETWEEN 40 AND 1500
                WHEN 'hdl_cholesterol' THEN value BETWEEN 5 AND 250
                WHEN 'ldl_cholesterol' THEN value BETWEEN 5 AND 1000
                WHEN 'triglycerides' THEN value BETWEEN 10 AND 20000
                ELSE FALSE END)
        );
        \(measurementIndexes("blood_tests", time: "measured_at"))
        CREATE INDEX blood_tests_analyte_time ON blood_tests (analyte, measured_at);

        CREATE TABLE vital_signs (
            \(measurementColumns)
            measured_at BIGINT NOT NULL,
            \(offset)
            kind TEXT NOT NULL,
            value DOUBLE PRECISION,
            systolic DOUBLE PRECISION,
            diastolic DOUBLE PRECISION,
            \(provenance)
            \(bookkeeping),
            loinc_code TEXT CHECK (loinc_code IS NULL OR length(loinc_code) BETWEEN 3 AND 9),
            CHECK (CASE kind
                WHEN 'blood_pressure' THEN value IS NULL AND systolic BETWEEN 40 AND 300
                    AND diastolic BETWEEN 20 AND 200 AND systolic > diastolic
                WHEN 'body_weight' THEN value BETWEEN 0.5 AND 650
                WHEN 'body_height' THEN value BETWEEN 20 AND 280
                WHEN 'bmi' THEN value BETWEEN 5 AND 200
                WHEN 'heart_rate' THEN value BETWEEN 20 AND 300
                ELSE FALSE END),
            CHECK (kind = 'blood_pressure' OR (systolic IS NULL AND diastolic IS NULL))
        );
        \(measurementIndexes("vital_signs", time: "measured_at"))
        CREATE INDEX vital_signs_kind_time ON vital_signs (kind, measured_at);

        CREATE TABLE row_history (
            id BIGSERIAL PRIMARY KEY,
            table_name TEXT NOT NULL,
            row_id BIGINT NOT NULL,
            user_id BIGINT NOT NULL,
            version BIGINT NOT NULL CHECK (version >= 1),
            deleted BIGINT NOT NULL CHECK (deleted IN (0, 1)),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            content TEXT CHECK ((deleted = 1) = (content IS NULL)),
            UNIQUE (table_name, row_id, version)
        );
        CREATE INDEX row_history_updated ON row_history (updated_at);
        CREATE INDEX row_history_user ON row_history (user_id, updated_at);
        CREATE INDEX row_history_table_updated ON row_history (table_name, updated_at, row_id, version);
        """

    /// The audit trail (issue 23): one row per request, appended and never updated, each naming the
    /// SHA-256 of the one before (`AuditChain`); its agents, entities and patients as search keys; the
    /// anchor of the part retention pruned. `seq` is given by the appender, under the writer's lock,
    /// so it has no gaps.
    static let auditTrail = """
        CREATE TABLE audit_trail (
            seq BIGINT PRIMARY KEY,
            recorded_at BIGINT NOT NULL,
            request_id TEXT NOT NULL,
            client_id TEXT,
            subject TEXT,
            fhir_user TEXT,
            source TEXT,
            interaction TEXT NOT NULL,
            resource_type TEXT,
            entities TEXT NOT NULL,
            patients TEXT NOT NULL,
            parameters TEXT NOT NULL,
            status BIGINT NOT NULL,
            duration_us BIGINT NOT NULL,
            previous_hash TEXT NOT NULL CHECK (length(previous_hash) = 64),
            hash TEXT NOT NULL CHECK (length(hash) = 64)
        );
        CREATE INDEX audit_trail_recorded ON audit_trail (recorded_at);
        CREATE TABLE audit_trail_keys (
            segment BIGINT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('a', 'e', 'p')),
            value TEXT NOT NULL,
            seq BIGINT NOT NULL,
            PRIMARY KEY (segment, kind, value, seq)
        );
        CREATE TABLE audit_trail_anchor (
            id BIGINT PRIMARY KEY CHECK (id = 1),
            seq BIGINT NOT NULL,
            hash TEXT NOT NULL
        );
        """
}
