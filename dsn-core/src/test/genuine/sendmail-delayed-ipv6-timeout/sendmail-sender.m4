dnl Warn after one second in the queue; return only after an hour.
define(`confTO_QUEUEWARN', `1s')dnl
define(`confTO_QUEUERETURN', `1h')dnl
