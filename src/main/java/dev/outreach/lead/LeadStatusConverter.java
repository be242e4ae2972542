package dev.outreach.lead;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link LeadStatus} as the lower-case words of the schema's CHECK constraint. */
@Converter
public class LeadStatusConverter implements AttributeConverter<LeadStatus, String> {

    @Override
    public String convertToDatabaseColumn(LeadStatus status) {
        return status == null ? null : status.dbValue();
    }

    @Override
    public LeadStatus convertToEntityAttribute(String value) {
        return value == null ? null : LeadStatus.fromDb(value);
    }
}
