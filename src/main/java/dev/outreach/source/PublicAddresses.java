package dev.outreach.source;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which addresses the crawler may connect to (R-1.6, issue 28): public unicast only. Refused: loopback,
 * "this network" ({@code 0.0.0.0/8}), RFC 1918, carrier-grade NAT ({@code 100.64.0.0/10}), link-local,
 * the IETF protocol block ({@code 192.0.0.0/24}), documentation ({@code 192.0.2.0/24},
 * {@code 198.51.100.0/24}, {@code 203.0.113.0/24}, {@code 2001:db8::/32}), benchmarking
 * ({@code 198.18.0.0/15}), multicast, reserved ({@code 240.0.0.0/4}) and broadcast; in IPv6 the
 * unspecified and loopback addresses, unique-local, link- and site-local, multicast, and every form that
 * carries an IPv4 address (IPv4-compatible {@code ::a.b.c.d}, IPv4-mapped {@code ::ffff:a.b.c.d}, NAT64
 * {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}),
 * which is judged by the IPv4 address it carries, or refused when it cannot be.
 */
final class PublicAddresses {

    private PublicAddresses() {}

    static boolean isPublic(InetAddress address) {
        byte[] raw = address.getAddress();
        return raw.length == 4 ? publicV4(raw) : publicV6(raw);
    }

    private static boolean publicV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        return !(b0 == 0
                || b0 == 10
                || b0 == 127
                || b0 >= 224 // this network, private, loopback, multicast, reserved
                || b0 == 100 && (b1 & 0xc0) == 64 // carrier-grade NAT
                || b0 == 169 && b1 == 254 // link-local
                || b0 == 172 && (b1 & 0xf0) == 16 // private
                || b0 == 192 && b1 == 168 // private
                || b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2) // IETF protocol assignments, TEST-NET-1
                || b0 == 198 && (b1 & 0xfe) == 18 // benchmarking
                || b0 == 198 && b1 == 51 && b2 == 100 // TEST-NET-2
                || b0 == 203 && b1 == 0 && b2 == 113); // TEST-NET-3
    }

    private static boolean publicV6(byte[] a) {
        boolean firstTenZero = Arrays.equals(a, 0, 10, new byte[10], 0, 10);
        if (firstTenZero && (a[10] == 0 && a[11] == 0 || a[10] == (byte) 0xff && a[11] == (byte) 0xff)) {
            // ::, ::1 and IPv4-compatible (::a.b.c.d); IPv4-mapped (::ffff:a.b.c.d)
            return publicV4(Arrays.copyOfRange(a, 12, 16));
        }
        int w0 = (a[0] & 0xff) << 8 | a[1] & 0xff;
        int w1 = (a[2] & 0xff) << 8 | a[3] & 0xff;
        if (w0 == 0x0064 && w1 == 0xff9b) {
            // NAT64: the well-known prefix carries the IPv4 address in its last 32 bits; 64:ff9b:1::/48 is local use
            boolean wellKnown = Arrays.equals(a, 4, 12, new byte[8], 0, 8);
            return wellKnown && publicV4(Arrays.copyOfRange(a, 12, 16));
        }
        if (w0 == 0x2002) {
            return publicV4(Arrays.copyOfRange(a, 2, 6)); // 6to4
        }
        return !((a[0] & 0xfe) == 0xfc // unique local
                || (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80 // link-local
                || (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0xc0 // site-local (deprecated)
                || (a[0] & 0xff) == 0xff // multicast
                || w0 == 0x2001 && w1 == 0x0db8 // documentation
                || w0 == 0x2001 && w1 == 0x0000 // Teredo: a tunnel to an IPv4 address we cannot judge
                || w0 == 0x0100 && Arrays.equals(a, 2, 8, new byte[6], 0, 6)); // discard-only 100::/64
    }

    /** The host's addresses from the system resolver; a test gives its own. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }
}
