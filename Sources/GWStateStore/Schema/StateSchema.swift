import GRDB

/// The tables of the state store, as a list of named migrations. A later gwpipe adds a migration
/// with a new name at the end; migrations already shipped are never edited, because stores in
/// the field have run them.
///
/// Times are REAL seconds since 1970 (UTC), so SQL can sort and subtract them.
enum StateSchema {
    static let migrationNames: Set<String> = ["v1-tables", "v2-run-plan-fingerprint", "v3-test-case-skipped"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tables") { db in
            try db.execute(sql: tables)
            try db.execute(sql: indexes)
            try db.execute(sql: auditTriggers)
        }
        // What a run was started on (file, pipeline hash, revisions), JSON: `--resume` refuses a changed plan.
        migrator.registerMigration("v2-run-plan-fingerprint") { db in
            try db.execute(sql: "ALTER TABLE runs ADD COLUMN plan_fingerprint TEXT")
        }
        // Contract cases skipped against a real gateway (they inject faults): neither passed nor failed.
        migrator.registerMigration("v3-test-case-skipped") { db in
            try db.execute(sql: "ALTER TABLE test_cases ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0")
        }
        return migrator
    }

    private static let tables = """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            pipeline TEXT NOT NULL,
            file TEXT NOT NULL,
            started_at REAL NOT NULL,
            finished_at REAL,
            status TEXT NOT NULL,
            exit_code INTEGER,
            message TEXT,
            git_commit TEXT,
            git_branch TEXT,
            actor TEXT NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            resume_of INTEGER REFERENCES runs(id),
            waiting_at TEXT
        );
        CREATE TABLE steps (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            step_id TEXT NOT NULL,
            stage TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            location TEXT NOT NULL,
            started_at REAL NOT NULL,
            finished_at REAL,
            status TEXT NOT NULL,
            message TEXT,
            output TEXT,
            PRIMARY KEY (run_id, step_id)
        );
        CREATE TABLE test_cases (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            step_id TEXT NOT NULL,
            suite TEXT NOT NULL,
            name TEXT NOT NULL,
            passed INTEGER NOT NULL,
            message TEXT,
            location TEXT NOT NULL,
            duration_ms REAL NOT NULL
        );
        CREATE TABLE gate_evaluations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            step_id TEXT NOT NULL,
            environment TEXT NOT NULL,
            at REAL NOT NULL,
            kind TEXT NOT NULL,
            expression TEXT NOT NULL,
            location TEXT NOT NULL,
            verdict TEXT NOT NULL,
            observed TEXT NOT NULL,
            weight REAL,
            window_seconds REAL NOT NULL
        );
        CREATE TABLE revisions (
            id TEXT PRIMARY KEY,
            environment TEXT NOT NULL,
            source_file TEXT NOT NULL,
            git_commit TEXT,
            git_author TEXT,
            git_message TEXT,
            git_committed_at REAL,
            recorded_at REAL NOT NULL,
            canonical_json BLOB NOT NULL
        );
        CREATE TABLE deployments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER REFERENCES runs(id),
            environment TEXT NOT NULL,
            revision_id TEXT NOT NULL,
            previous_revision_id TEXT,
            strategy TEXT NOT NULL,
            started_at REAL NOT NULL,
            finished_at REAL,
            outcome TEXT NOT NULL,
            message TEXT
        );
        CREATE TABLE flags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            environment TEXT NOT NULL,
            flag TEXT NOT NULL,
            percent REAL NOT NULL,
            at REAL NOT NULL,
            run_id INTEGER REFERENCES runs(id)
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at REAL NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            environment TEXT,
            run_id INTEGER REFERENCES runs(id),
            detail TEXT NOT NULL
        );
        CREATE TABLE metric_samples (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            environment TEXT NOT NULL,
            at REAL NOT NULL,
            slot TEXT NOT NULL,
            revision_id TEXT,
            requests INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            error_rate REAL NOT NULL,
            p99_latency REAL NOT NULL,
            weight REAL NOT NULL
        );
        """

    // One index per question the store answers: runs of a pipeline, in-flight work to check for
    // interruption, a run's children, an environment's deployments and flags, the audit by scope.
    private static let indexes = """
        CREATE INDEX runs_by_pipeline ON runs (pipeline, id);
        CREATE INDEX runs_by_status ON runs (status);
        CREATE INDEX steps_by_status ON steps (status);
        CREATE INDEX test_cases_by_run ON test_cases (run_id);
        CREATE INDEX gate_evaluations_by_run ON gate_evaluations (run_id, at);
        CREATE INDEX deployments_by_environment ON deployments (environment, id);
        CREATE INDEX deployments_by_run ON deployments (run_id);
        CREATE INDEX deployments_by_outcome ON deployments (outcome);
        CREATE INDEX flags_by_environment ON flags (environment, flag, at);
        CREATE INDEX audit_by_environment ON audit (environment, id);
        CREATE INDEX audit_by_run ON audit (run_id, id);
        CREATE INDEX metric_samples_by_run ON metric_samples (run_id, at);
        """

    // The audit log is evidence: SQLite itself refuses to change or remove a line, whoever asks.
    private static let auditTriggers = """
        CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be changed');
        END;
        CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be deleted');
        END;
        """
}
