package dev.outreach.jurisdiction;

import java.util.List;

/**
 * How one channel may be used in one country.
 *
 * @param consent        the least consent record that counts, when the basis is consent or publication
 * @param landlineExempt a number known to be a business landline needs no consent (US TCPA)
 * @param law            the law, in words, that the rule rests on
 * @param source         where that law is written
 */
public record ChannelPolicy(
        Basis basis,
        ConsentLevel consent,
        boolean landlineExempt,
        List<Prerequisite> requires,
        String law,
        String source) {

    public ChannelPolicy {
        requires = List.copyOf(requires);
    }
}
