package dev.outreach.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JDBC on a database of the test PostgreSQL server, for tests that run outside the application
 * (packaged-jar tests). {@link #fresh} gives a test a database of its own.
 */
public final class Jdbc {

    private final String database;
    /** The server's port; null for the shared test server (started on first use). */
    private final Integer port;

    private Jdbc(String database) {
        this(null, database);
    }

    private Jdbc(Integer port, String database) {
        this.port = port;
        this.database = database;
    }

    /** A database on another server (one a test stops and starts). */
    public static Jdbc on(int port, String database) {
        return new Jdbc(port, database);
    }

    private int port() {
        return port != null ? port : PostgresResource.port();
    }

    /** The shared test database. */
    public static Jdbc shared() {
        return new Jdbc("postgres");
    }

    /** A new, empty database; the application migrates it when it starts on it. */
    public static Jdbc fresh(String prefix) {
        String name = prefix + "_" + Long.toHexString(System.nanoTime());
        shared().update("create database " + name);
        return new Jdbc(name);
    }

    public String name() {
        return database;
    }

    /** What the packaged application needs to use this database. */
    public java.util.Map<String, String> env() {
        int port = port();
        return java.util.Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + port + "/" + database,
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + port + "/" + database);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port() + "/" + database, "postgres", "postgres");
    }

    public int update(String sql, Object... params) {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... params) {
        return ((Number) query(sql, params).get(0).values().iterator().next()).longValue();
    }

    /** Sets the safety mode, as an admin would. */
    public void safety(boolean dryRun) {
        update("update safety_settings set dry_run = ?, approval_mode = true where id = 1", dryRun);
    }

    /**
     * {@code count} verified leads, each with its own email domain, and a queued live email for each;
     * returns the recipients.
     */
    public List<String> queuedEmails(int count, String prefix) {
        List<String> recipients = new ArrayList<>();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement lead = c.prepareStatement("""
                    insert into lead (source, business_name, name_key, email, status, email_verified)
                    values ('api', ?, ?, ?, 'verified', true) returning id""");
                    PreparedStatement message = c.prepareStatement("""
                    insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, subject,
                                         body, method)
                    values (gen_random_uuid(), ?, 'email', 'queued', false, ?, ?, 'Hello', 'Hello team.', 'template')""")) {
                for (int i = 0; i < count; i++) {
                    String domain = prefix + i + "-" + System.nanoTime() + ".example";
                    String email = "owner@" + domain;
                    lead.setString(1, prefix + " business " + i);
                    lead.setString(2, prefix + " business " + i);
                    lead.setString(3, email);
                    long id;
                    try (ResultSet rs = lead.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    message.setLong(1, id);
                    message.setString(2, email);
                    message.setString(3, domain);
                    message.addBatch();
                    recipients.add(email);
                }
                message.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return recipients;
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }
}
