package dev.mx20.relay.validate;

/** One group of related checks; reports through the context. */
interface RelayCheck {
    void run(CheckContext ctx);
}
