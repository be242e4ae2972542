package dev.outreach.bench;

import dev.outreach.support.FakeDns;
import java.nio.file.Files;
import java.nio.file.Path;

/** The loopback DNS server of the tests, for benchmarks: writes {@code host:port} to the given file and serves. */
public final class BenchDns {

    private BenchDns() {}

    public static void main(String[] args) throws Exception {
        try (FakeDns dns = new FakeDns()) {
            Files.writeString(Path.of(args[0]), dns.address());
            Thread.currentThread().join();
        }
    }
}
