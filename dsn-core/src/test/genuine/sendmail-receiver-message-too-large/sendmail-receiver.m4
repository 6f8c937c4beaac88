define(`confMAX_MESSAGE_SIZE', `4096')dnl
