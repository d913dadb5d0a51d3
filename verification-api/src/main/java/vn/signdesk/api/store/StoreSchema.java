package vn.signdesk.api.store;

import java.util.List;

/**
 * The tables both databases hold (jobs and the audit trail), written once: the statements are
 * idempotent ({@code IF NOT EXISTS}) and differ between SQLite and PostgreSQL only in the names of
 * the 64-bit integer and binary types.
 */
final class StoreSchema {

    private StoreSchema() {}

    /**
     * The statements creating the jobs and audit tables.
     *
     * @param longType the 64-bit integer type ({@code INTEGER} in SQLite, where {@code INTEGER
     *     PRIMARY KEY} is the row id, {@code BIGINT} in PostgreSQL)
     * @param bytesType the binary type ({@code BLOB}, {@code BYTEA})
     */
    static List<String> jobsAndAudit(String longType, String bytesType) {
        return List.of(
                """
                CREATE TABLE IF NOT EXISTS jobs (
                  id TEXT PRIMARY KEY,
                  kind TEXT NOT NULL,
                  owner TEXT NOT NULL,
                  state TEXT NOT NULL,
                  pages_done INTEGER NOT NULL,
                  pages_total INTEGER NOT NULL,
                  params_json TEXT NOT NULL,
                  result_json TEXT,
                  error TEXT,
                  created_ms %1$s NOT NULL,
                  updated_ms %1$s NOT NULL,
                  lease_node TEXT,
                  lease_until_ms %1$s)"""
                        .formatted(longType),
                "CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, created_ms)",
                """
                CREATE TABLE IF NOT EXISTS audit_records (
                  seq %1$s PRIMARY KEY,
                  at_ms %1$s NOT NULL,
                  request_id TEXT NOT NULL,
                  role TEXT NOT NULL,
                  key_id TEXT,
                  operation TEXT NOT NULL,
                  document_sha256 TEXT,
                  profile TEXT,
                  status INTEGER NOT NULL,
                  outcome TEXT NOT NULL,
                  duration_ms %1$s NOT NULL,
                  prev_hash TEXT NOT NULL,
                  hash TEXT NOT NULL)"""
                        .formatted(longType),
                "CREATE INDEX IF NOT EXISTS audit_by_request ON audit_records (request_id)",
                """
                CREATE TABLE IF NOT EXISTS audit_head_timestamps (
                  seq %1$s PRIMARY KEY,
                  head_hash TEXT NOT NULL,
                  token %2$s NOT NULL,
                  created_ms %1$s NOT NULL)"""
                        .formatted(longType, bytesType));
    }
}
