package dev.handshakelab.web;

/**
 * A request that is valid but would make more than a configured limit allows (events, virtual
 * time, clients, history read): refused with 422 before the work, naming the field, the rule
 * and the limit.
 */
public class BudgetExceededException extends RuntimeException {

    private final String field;
    private final String rule;
    private final long limit;

    public BudgetExceededException(String field, String rule, long limit, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
        this.limit = limit;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }

    public long limit() {
        return limit;
    }
}
