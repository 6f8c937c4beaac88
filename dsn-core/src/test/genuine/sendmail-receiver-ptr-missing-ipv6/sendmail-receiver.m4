dnl Refuse clients whose address has no PTR (Sendmail 8.14+: "550 5.7.1 Fix reverse DNS for ...").
FEATURE(`require_rdns')dnl
