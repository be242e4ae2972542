package dev.outreach.lead;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.outreach.common.FieldError;
import java.util.List;

/** Answer to {@code POST /api/leads}: the lead, whether it already existed, and what intake changed. */
public record LeadCreated(@JsonUnwrapped LeadView lead, boolean duplicate, List<FieldError> warnings) {}
