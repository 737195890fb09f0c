import GRDB

/// The schema of the embedded store, as numbered migrations. A migration that has shipped is never
/// edited: change the schema with a new one. They use no app types, so they stay what they were.
///
/// Times are `INTEGER` milliseconds since 1970 UTC; each measurement keeps the UTC offset it was
/// recorded in. Ids are `AUTOINCREMENT`: a deleted row's id is never given to another row (a deleted
/// Patient must stay gone, not come back as someone else). The `CHECK` constraints repeat the domain rules of `NativeModel` for impossible
/// values, so no writer, whatever its path, can store them.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001-native-tables") { db in
            try db.execute(sql: nativeTables)
        }
        migrator.registerMigration("0002-row-history") { db in
            try db.execute(sql: rowHistory)
        }
        migrator.registerMigration("0003-original-loinc-codes") { db in
            try db.execute(sql: originalLOINCCodes)
        }
        migrator.registerMigration("0004-updated-at-indexes") { db in
            try db.execute(sql: updatedAtIndexes)
        }
        migrator.registerMigration("0005-search-keys") { db in
            try db.execute(sql: searchKeys)
            try SQLiteNameKeys.rebuildAll(db)
        }
        migrator.registerMigration("0006-search-sort-indexes") { db in
            try db.execute(sql: searchSortIndexes)
        }
        migrator.registerMigration("0007-drop-period-start-indexes") { db in
            try db.execute(sql: "DROP INDEX physical_activity_start; DROP INDEX sleep_start;")
        }
        migrator.registerMigration("0008-retired-ids") { db in
            try db.execute(sql: retiredIDs)
        }
        migrator.registerMigration("0009-source-keys-per-owner") { db in
            try db.execute(sql: sourceKeysPerOwner)
        }
        migrator.registerMigration("0010-shared-identifiers-and-source-records") { db in
            try db.execute(sql: sharedIdentifiers)
        }
        migrator.registerMigration("0011-sleep-time-asleep") { db in
            try db.execute(sql: sleepTimeAsleep)
        }
        migrator.registerMigration("0012-audit-trail") { db in
            try db.execute(sql: auditTrail)
        }
        return migrator
    }

    private static let bookkeeping = """
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL CHECK (updated_at >= created_at),
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
        """

    private static let measurementColumns = """
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        """

    private static let provenance = """
        source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
        external_id TEXT CHECK (external_id IS NULL OR length(external_id) BETWEEN 1 AND 200),
        """

    private static let offset = "utc_offset_minutes INTEGER NOT NULL CHECK (utc_offset_minutes BETWEEN -840 AND 840),"

    static let nativeTables = """
        CREATE TABLE store_metadata (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            email TEXT CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%')),
            given_name TEXT CHECK (given_name IS NULL OR length(given_name) BETWEEN 1 AND 200),
            family_name TEXT CHECK (family_name IS NULL OR length(family_name) BETWEEN 1 AND 200),
            gender TEXT CHECK (gender IS NULL OR gender IN ('male', 'female', 'other', 'unknown')),
            birth_date TEXT CHECK (birth_date IS NULL OR length(birth_date) IN (4, 7, 10)),
            phone TEXT CHECK (phone IS NULL OR length(phone) BETWEEN 3 AND 40),
            \(bookkeeping)
        );
        CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL;

        CREATE TABLE user_identifiers (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            system TEXT NOT NULL CHECK (length(system) BETWEEN 1 AND 500),
            value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
            UNIQUE (system, value)
        );
        CREATE INDEX user_identifiers_user ON user_identifiers (user_id);

        CREATE TABLE physical_activity (
            \(measurementColumns)
            start_time INTEGER NOT NULL,
            end_time INTEGER NOT NULL,
            \(offset)
            steps INTEGER CHECK (steps BETWEEN 0 AND 100000),
            distance_m REAL CHECK (distance_m BETWEEN 0 AND 300000),
            active_minutes REAL CHECK (active_minutes BETWEEN 0 AND 1500),
            energy_kcal REAL CHECK (energy_kcal BETWEEN 0 AND 20000),
            \(provenance)
            \(bookkeeping),
            CHECK (end_time >= start_time AND end_time - start_time <= 90000000),
            CHECK (steps IS NOT NULL OR distance_m IS NOT NULL OR active_minutes IS NOT NULL OR energy_kcal IS NOT NULL)
        );
        CREATE INDEX physical_activity_user_time ON physical_activity (user_id, start_time);
        CREATE UNIQUE INDEX physical_activity_source_key ON physical_activity (source, external_id)
            WHERE external_id IS NOT NULL;

        CREATE TABLE sleep (
            \(measurementColumns)
            start_time INTEGER NOT NULL,
            end_time INTEGER NOT NULL,
            \(offset)
            deep_minutes INTEGER CHECK (deep_minutes BETWEEN 0 AND 1440),
            light_minutes INTEGER CHECK (light_minutes BETWEEN 0 AND 1440),
            rem_minutes INTEGER CHECK (rem_minutes BETWEEN 0 AND 1440),
            awake_minutes INTEGER CHECK (awake_minutes BETWEEN 0 AND 1440),
            \(provenance)
            \(bookkeeping),
            CHECK (end_time > start_time AND end_time - start_time <= 86400000)
        );
        CREATE INDEX sleep_user_time ON sleep (user_id, start_time);
        CREATE UNIQUE INDEX sleep_source_key ON sleep (source, external_id) WHERE external_id IS NOT NULL;

        CREATE TABLE blood_tests (
            \(measurementColumns)
            measured_at INTEGER NOT NULL,
            \(offset)
            analyte TEXT NOT NULL,
            value REAL NOT NULL,
            fasting INTEGER CHECK (fasting IN (0, 1)),
            \(provenance)
            \(bookkeeping),
            CHECK (CASE analyte
                WHEN 'glucose' THEN value BETWEEN 10 AND 1500
                WHEN 'hba1c' THEN value BETWEEN 2 AND 25
                WHEN 'total_cholesterol' THEN value BETWEEN 40 AND 1500
                WHEN 'hdl_cholesterol' THEN value BETWEEN 5 AND 250
                WHEN 'ldl_cholesterol' THEN value BETWEEN 5 AND 1000
                WHEN 'triglycerides' THEN value BETWEEN 10 AND 20000
                ELSE 0 END)
        );
        CREATE INDEX blood_tests_user_time ON blood_tests (user_id, measured_at);
        CREATE UNIQUE INDEX blood_tests_source_key ON blood_tests (source, external_id) WHERE external_id IS NOT NULL;

        CREATE TABLE vital_signs (
            \(measurementColumns)
            measured_at INTEGER NOT NULL,
            \(offset)
            kind TEXT NOT NULL,
            value REAL,
            systolic REAL,
            diastolic REAL,
            \(provenance)
            \(bookkeeping),
            CHECK (CASE kind
                WHEN 'blood_pressure' THEN value IS NULL AND systolic BETWEEN 40 AND 300
                    AND diastolic BETWEEN 20 AND 200 AND systolic > diastolic
                WHEN 'body_weight' THEN value BETWEEN 0.5 AND 650
                WHEN 'body_height' THEN value BETWEEN 20 AND 280
                WHEN 'bmi' THEN value BETWEEN 5 AND 200
                WHEN 'heart_rate' THEN value BETWEEN 20 AND 300
                ELSE 0 END),
            CHECK (kind = 'blood_pressure' OR (systolic IS NULL AND diastolic IS NULL))
        );
        CREATE INDEX vital_signs_user_time ON vital_signs (user_id, measured_at);
        CREATE UNIQUE INDEX vital_signs_source_key ON vital_signs (source, external_id) WHERE external_id IS NOT NULL;
        """

    /// Versions that updates and deletes replaced, and one tombstone per deletion (`deleted = 1`,
    /// no content), written in the same transaction as the change. Current versions stay in their
    /// tables, so creates, the bulk of all writes, cost nothing extra. `content` is the record's native
    /// JSON form. No foreign keys: history outlives the rows it remembers.
    static let rowHistory = """
        CREATE TABLE row_history (
            id INTEGER PRIMARY KEY,
            table_name TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            user_id INTEGER NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            content TEXT CHECK ((deleted = 1) = (content IS NULL)),
            UNIQUE (table_name, row_id, version)
        );
        CREATE INDEX row_history_updated ON row_history (updated_at);
        CREATE INDEX row_history_user ON row_history (user_id, updated_at);
        """

    /// The LOINC code a source sent when it differs from the one the gateway emits for the measure
    /// (a variant such as 15074-8 for glucose), so FHIR reads can return the original coding.
    private static let originalLOINCCodes = """
        ALTER TABLE blood_tests ADD COLUMN loinc_code TEXT CHECK (loinc_code IS NULL OR length(loinc_code) BETWEEN 3 AND 9);
        ALTER TABLE vital_signs ADD COLUMN loinc_code TEXT CHECK (loinc_code IS NULL OR length(loinc_code) BETWEEN 3 AND 9);
        """

    /// What changed since a point in time (FHIR `_history?_since=`), newest first, without scanning
    /// or sorting whole tables: each table and its kept versions are walked through an index.
    private static let updatedAtIndexes = """
        CREATE INDEX users_updated ON users (updated_at, id);
        CREATE INDEX physical_activity_updated ON physical_activity (updated_at, id);
        CREATE INDEX sleep_updated ON sleep (updated_at, id);
        CREATE INDEX blood_tests_updated ON blood_tests (updated_at, id);
        CREATE INDEX vital_signs_updated ON vital_signs (updated_at, id);
        CREATE INDEX row_history_table_updated ON row_history (table_name, updated_at, row_id, version);
        """

    /// What FHIR search needs beyond the tables' own indexes (http://hl7.org/fhir/R4/search.html):
    /// - `user_name_keys`: each user's family and given name folded (`NameFolding`), whole and word by
    ///   word, so "starts with, ignoring case and accents" is a range scan;
    /// - `users.family_key`/`given_key`: the folded names, to sort by;
    /// - identifiers by value alone (`identifier=value`), users by phone, and lab and vital rows by
    ///   code and time, for population-wide searches by code sorted by date.
    private static let searchKeys = """
        CREATE TABLE user_name_keys (
            key TEXT NOT NULL,
            part TEXT NOT NULL CHECK (part IN ('family', 'given')),
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            PRIMARY KEY (key, part, user_id)
        ) WITHOUT ROWID;
        CREATE INDEX user_name_keys_user ON user_name_keys (user_id);
        ALTER TABLE users ADD COLUMN family_key TEXT;
        ALTER TABLE users ADD COLUMN given_key TEXT;
        CREATE INDEX user_identifiers_value ON user_identifiers (value);
        CREATE INDEX users_phone ON users (phone) WHERE phone IS NOT NULL;
        CREATE INDEX blood_tests_analyte_time ON blood_tests (analyte, measured_at);
        CREATE INDEX vital_signs_kind_time ON vital_signs (kind, measured_at);
        """

    /// Sorting search results without sorting the tables: activity and sleep rows by start time across
    /// patients (`Observation?code=41950-7&_sort=-date`), users by folded family or given name (the
    /// keys become '' rather than NULL, so they are plain columns an index orders). 0007 drops the two
    /// start-time indexes again: an import inserts into them out of order, and they cost 30% of its
    /// throughput (measured: 1,013,081 resources in 34 s with them, 29 s without) for searches across
    /// every patient's activity by date, which now sort.
    private static let searchSortIndexes = """
        CREATE INDEX physical_activity_start ON physical_activity (start_time);
        CREATE INDEX sleep_start ON sleep (start_time);
        UPDATE users SET family_key = COALESCE(family_key, ''), given_key = COALESCE(given_key, '');
        CREATE INDEX users_family_key ON users (family_key);
        CREATE INDEX users_given_key ON users (given_key);
        """

    /// The ids of deleted users, kept for good: a client may choose a Patient's id (`PUT
    /// Patient/{id}`, update-as-create), and history pruning forgets tombstones, so this is what keeps
    /// a deleted Patient's id from ever naming someone else. Filled from the tombstones history still
    /// had when it was added.
    private static let retiredIDs = """
        CREATE TABLE retired_ids (
            table_name TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            PRIMARY KEY (table_name, row_id)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO retired_ids (table_name, row_id)
            SELECT table_name, row_id FROM row_history WHERE table_name = 'users' AND deleted = 1;
        """

    /// A measurement's `source` and `external_id` name one row per owner, not one row in all the store:
    /// two people's records from one source can carry the same identifier (a reused placeholder, a
    /// device's counter), and a patient's app that creates an Observation must not learn from a conflict
    /// that another patient's record holds its identifier. `user_id` comes last so the index still serves
    /// `Observation?identifier=` across the population.
    private static let sourceKeysPerOwner = """
        DROP INDEX physical_activity_source_key;
        CREATE UNIQUE INDEX physical_activity_source_key ON physical_activity (source, external_id, user_id)
            WHERE external_id IS NOT NULL;
        DROP INDEX sleep_source_key;
        CREATE UNIQUE INDEX sleep_source_key ON sleep (source, external_id, user_id) WHERE external_id IS NOT NULL;
        DROP INDEX blood_tests_source_key;
        CREATE UNIQUE INDEX blood_tests_source_key ON blood_tests (source, external_id, user_id)
            WHERE external_id IS NOT NULL;
        DROP INDEX vital_signs_source_key;
        CREATE UNIQUE INDEX vital_signs_source_key ON vital_signs (source, external_id, user_id)
            WHERE external_id IS NOT NULL;
        """

    /// Identifiers and emails are not unique across people in real data (a colliding driver's licence,
    /// a reused placeholder, a data-entry error, a family's shared email): two users may now carry the
    /// same one, and matching counts them (`UserMatch`). A user still lists an identifier once.
    ///
    /// `user_sources` remembers which user an import made of a source system's record
    /// (`Patient/ehr-1`), so a re-import finds each person by the source's own id, not by an identifier
    /// someone else may share. It replaces the `import-subject/…` metadata (source reference → the
    /// identifier a Patient was matched by), moved here through the identifier it named.
    private static let sharedIdentifiers = """
        CREATE TABLE user_identifiers_shared (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            system TEXT NOT NULL CHECK (length(system) BETWEEN 1 AND 500),
            value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
            UNIQUE (user_id, system, value)
        );
        INSERT INTO user_identifiers_shared (id, user_id, system, value)
            SELECT id, user_id, system, value FROM user_identifiers;
        DROP TABLE user_identifiers;
        ALTER TABLE user_identifiers_shared RENAME TO user_identifiers;
        CREATE INDEX user_identifiers_value ON user_identifiers (system, value);

        DROP INDEX users_email_key;
        CREATE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;

        CREATE TABLE user_sources (
            reference TEXT PRIMARY KEY CHECK (length(reference) BETWEEN 1 AND 2000),
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE INDEX user_sources_user ON user_sources (user_id);
        INSERT OR IGNORE INTO user_sources (reference, user_id)
            SELECT substr(store_metadata.key, length('import-subject/') + 1), user_identifiers.user_id
            FROM store_metadata JOIN user_identifiers
                ON store_metadata.value = user_identifiers.system || '|' || user_identifiers.value
            WHERE store_metadata.key LIKE 'import-subject/%';
        DELETE FROM store_metadata WHERE key LIKE 'import-subject/%';
        """

    /// Sleep as wearables send it: a window (bedtime to wake-up, or a whole day) and the time asleep
    /// within it, shorter than the window. NULL when the sleep fills its window (a session).
    private static let sleepTimeAsleep = """
        ALTER TABLE sleep ADD COLUMN asleep_minutes REAL
            CHECK (asleep_minutes IS NULL OR (asleep_minutes > 0 AND asleep_minutes * 60000 <= end_time - start_time + 60000));
        """

    /// The audit trail (issue 23): one row per request, appended and never updated, each naming the
    /// SHA-256 of the one before (`AuditChain`); its agents, entities and patients as search keys; the
    /// anchor of the part retention pruned. `seq` is given by the appender, under the writer's lock,
    /// so it has no gaps. Every read appends to these, so they have as few B-trees as will do: the keys
    /// table is its primary key alone, and a prune (daily) scans it rather than keeping an index by `seq`.
    private static let auditTrail = """
        CREATE TABLE audit_trail (
            seq INTEGER PRIMARY KEY,
            recorded_at INTEGER NOT NULL,
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
            status INTEGER NOT NULL,
            duration_us INTEGER NOT NULL,
            previous_hash TEXT NOT NULL CHECK (length(previous_hash) = 64),
            hash TEXT NOT NULL CHECK (length(hash) = 64)
        );
        CREATE INDEX audit_trail_recorded ON audit_trail (recorded_at);
        CREATE TABLE audit_trail_keys (
            segment INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('a', 'e', 'p')),
            value TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (segment, kind, value, seq)
        ) WITHOUT ROWID;
        CREATE TABLE audit_trail_anchor (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL
        );
        """
}
