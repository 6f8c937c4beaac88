package dev.mx20.dsn.classify;

import dev.mx20.dsn.taxonomy.Cause;

import java.util.ArrayList;
import java.util.List;

import static dev.mx20.dsn.taxonomy.Cause.*;

/**
 * The phrase table: which wording of a diagnostic is evidence of which {@link Cause}. Order is priority:
 * the first matching group wins, so specific wording sits above generic wording. The order of the general
 * groups follows Sisimai's reason order (mailbox full and size before suspension, relaying and authentication
 * before "user unknown", user before host, spam before block lists), with mx20's IPv6 and DNS causes on top
 * because their wording ("Host or domain name not found ... type=AAAA: Host found but no data record") would
 * otherwise be taken for a generic one.
 *
 * <p>Phrases are lower case with single spaces ({@link TextNormalizer}); {@code *} separates fragments that must
 * occur in that order. They are families of wording used by MTAs (Postfix, Exim, Sendmail, qmail, Exchange,
 * Domino, Courier, ...) and providers (Gmail, Yahoo, Outlook, AOL, mail.ru, ...), never text of one sample.
 */
final class PhraseTable {
    private PhraseTable() {
    }

    private static final List<PhraseRule> RULES = new ArrayList<>();

    private static void group(Cause cause, String... patterns) {
        for (String p : patterns) {
            RULES.add(PhraseRule.of(cause, p));
        }
    }

    static {
        // --- IPv6 and DNS: most specific first ---------------------------------------------------------
        group(REVERSE_DNS_MISSING_IPV6,
                "ipv6 sending guidelines", "sending ipv6 address * must have a reverse dns", "ipv6 address * ptr", "ptr record * ipv6", "ipv6 * reverse dns",
                "reverse dns * ipv6", "ipv6 * rdns");
        group(IPV6_NOT_ACCEPTED,
                "not accept mail over ipv6", "not accept email over ipv6", "not accept messages over ipv6",
                "ipv6 is not supported", "ipv6 not supported", "not accepting ipv6", "ipv6 connections are not",
                "ipv6 connections not", "over ipv6 is not", "ipv6 is not allowed", "ipv6 not allowed",
                "no ipv6 connections", "ipv6 sending is not", "ipv6 delivery is not", "ipv6 is disabled",
                "via ipv6 is not", "doesn't process ipv6", "does not process ipv6", "connect with an ipv4 address",
                // "over/via IPv6" needs the preposition: a bare "ipv6 * not allowed" would also match a Sendmail
                // address literal "[IPv6:2001:db8::1]" followed by an unrelated refusal
                "over ipv6 are not", "via ipv6 are not", "not accept * over ipv6", "not accept * via ipv6",
                "not accepted over ipv6", "not allowed over ipv6", "not permitted over ipv6",
                "from ipv6 addresses is not", "from ipv6 addresses are not", "over ipv6 is not permitted");
        group(MX_NO_AAAA,
                "type=aaaa: host found but no data record", "no aaaa record", "no aaaa rr", "without aaaa record",
                "no ipv6 address for", "has no ipv6 address", "have no ipv6 address", "no ipv6 addresses",
                "not reachable over ipv6", "no ipv6 mx", "mx has no ipv6",
                // OpenSMTPD (mta.c) when no MX address has the family of any of its source addresses: an
                // IPv6-only sender and an MX without AAAA (the reverse, an IPv4-only sender and an IPv6-only MX,
                // reads the same and is the rarer case)
                "address family mismatch on destination mx");
        group(MX_IPV6_ONLY,
                "type=a: host found but no data record", "has no ipv4 address", "have no ipv4 address",
                "no ipv4 address for", "no ipv4 addresses", "mx has only ipv6", "only ipv6 address",
                "ipv6-only mx", "reachable only over ipv6", "only reachable over ipv6");
        group(SENDER_DOMAIN_UNROUTABLE,
                "unrouteable sender address", "unroutable sender address", "sender's best mx has no ip",
                "sender address rejected: domain not found", "sender domain must resolve",
                "sender domain not found", "sender domain does not exist", "sender domain is not resolvable",
                "domain of sender address * does not exist", "domain of sender address * does not resolve",
                "sender address does not resolve", "cannot resolve sender domain", "could not resolve sender domain",
                "unable to resolve sender domain", "sender address rejected: domain does not exist",
                "mail from domain not found", "sender domain has no mx", "envelope sender domain does not exist",
                "unresolvable sender domain", "sender domain must exist", "unresolvable rfc.5321",
                "unresolvable from domain",
                // Exim "require verify = sender" when the sender domain has no address Exim can use
                // (550-Verification failed for <...> / 550-Unrouteable address / 550 Sender verify failed)
                "unrouteable address sender verify failed",
                // Haraka's mail_from.is_resolvable plugin: the sender domain has no (usable) MX or address
                "no mx for your from address", "no valid mx for your from address",
                // Courier's esmtpd (BOFHCHECKDNS) at MAIL FROM: "517-Domain does not exist: example.net.
                // 517 Invalid domain, see <URL:https://www.ietf.org/rfc/rfc1035.txt>"
                "domain does not exist: * invalid domain, see <url:");
        // the session was refused before any address was looked at (qmail: HELO name rejected)
        group(CLIENT_BLOCKED,
                "but my name was rejected", "which is an open relay", "is an open relay", "helo command rejected",
                "ehlo command rejected");
        // qmail's "no MX and no address" (Sisimai: notaccept), before the generic domain wording below
        group(NOT_ACCEPTING_MAIL,
                "couldn't find a mail exchanger or ip address", "no mx record found for domain=", "no mx found for domain",
                "no mx found for destination", "destination seem to reject all mails"); // the last two: OpenSMTPD
        group(SENDER_NULL_MX,
                "sender address has null mx", "sender domain has null mx", "sender domain has a null mx",
                // Postfix reject_unknown_sender_domain: "550 5.7.27 <a@d>: Sender address rejected: Domain d
                // does not accept mail (nullMX)"
                "sender address rejected: domain * does not accept mail");
        group(NULL_MX,
                // "(nullmx)", not a bare "nullmx": that matches inside host names (nullmx-sender.example)
                "null mx", "(nullmx)",
                // Exim's dnslookup router on a "0 ." MX (RFC 7505 §3)
                "an mx or srv record indicated no smtp service",
                // Sendmail 8.15+: "556 Host does not accept mail: MX 0 ." (status 5.1.10)
                "does not accept mail: mx 0 .");
        // a definitive NXDOMAIN in Google's "DNS Error: ..." wording, before the generic "dns error: " below
        group(DOMAIN_NOT_FOUND, "dns error: domain name not found", "responded with code nxdomain");
        group(DNS_FAILURE,
                "host not found, try again", "servfail", "dns server returned answer with no data",
                "temporary failure in name resolution", "name server timeout", "dns query timed out",
                "dns lookup timed out", "dns timeout", "malformed or unexpected name server reply",
                "malformed name server reply", "host name lookup failure", "temporary dns failure",
                "temporary failure in mx lookup", "bad dns lookup error code", // OpenSMTPD mta.c
                "dns temporary failure", "name service error * try again", "dns lookup failed", "dns query failed",
                "domain name lookup failed", "could not resolve * temporarily", "dns error: ", "dns failure",
                // Courier's esmtpd (BOFHCHECKDNS) on a sender domain it cannot resolve: "417 DNS lookup failure:
                // example.org.  Try again later."
                "dns lookup failure: ");

        // --- the general causes, in Sisimai's order ------------------------------------------------------
        // "mailbox unavailable" because the receiving system has no space left (vpopmail/qmail), before the
        // mailbox-full and unknown-mailbox wording it contains
        group(SYSTEM_FULL, "mailbox unavailable (not enough free space)");
        // a sending service's own verdict (Amazon SES) that it did not even try: it outranks the reason it quotes
        // for the suppression ("... because it has a recent history of bouncing as an invalid address")
        group(SUPPRESSED, "has suppressed sending to this address", "is on the suppression list",
                "on the account-level suppression list");
        group(QUOTA_EXCEEDED,
                "sending quota", "daily user sending quota", "daily sending limit", "sending limit exceeded",
                "exceeded your daily", "exceeded the max emails per hour", "message quota exceeded for sender",
                "daily message limit", "daily message quota exceeded", "throttling failure:");
        group(MAILBOX_FULL,
                "mailbox full", "mailbox is full", "mailbox * full", "full mailbox", "mailfolder is full",
                "over quota", "over * quota", "quota exceeded", "quota * exceeded", "exceeded storage allocation",
                "mailbox size limit exceeded", "mailbox exceeds allowed size",
                "no space left on device", "not enough * space", "not sufficient disk space", "exceeded quota",
                "disk quota", "quota violation", "mailbox quota", "maildir quota", "account is * quota",
                "user has too many messages", "boite du destinataire pleine", "too much mail data",
                "exceeds mailbox size", "would exceed * quota", "storage quota", "user's space has been used up",
                "mailbox would exceed", "exceeding receiving limits", "postfach voll", "mailbox exceeded",
                "does not have enough space", "disk space limit", "exceeded its disk space",
                // an mbox file at its size limit (Sendmail/procmail local delivery), not the message's size
                "mail file size exceeds the maximum size allowed for mail delivery",
                // the same in the languages receiving servers also answer in (de, fr, es, it, pt, nl, ru, pl, ja, zh);
                // lower case as TextNormalizer leaves them, accents kept (both spellings where ASCII-only is common)
                "postfach ist voll", "postfach des empfängers ist voll", "mailbox ist voll", "speicherplatz erschöpft",
                "speicherplatz ist erschöpft", "quota überschritten", "kontingent überschritten",
                "boîte aux lettres pleine", "boite aux lettres pleine", "boîte aux lettres est pleine",
                "boite aux lettres est pleine", "boîte de réception est pleine", "boite de reception est pleine",
                "boîte de réception pleine", "boîte du destinataire pleine", "quota dépassé", "quota depasse",
                "buzón lleno", "buzon lleno", "buzón está lleno", "buzon esta lleno", "buzón de correo lleno",
                "casilla llena", "casilla de correo llena", "cuota excedida",
                "casella piena", "casella di posta piena", "casella postale piena", "quota superata",
                "spazio esaurito", "spazio su disco esaurito",
                "caixa postal cheia", "caixa postal está cheia", "caixa de correio cheia", "caixa de correio está cheia",
                "caixa de entrada cheia", "caixa de entrada está cheia", "cota excedida", "quota excedida",
                "mailbox vol", "mailbox is vol", "postbus vol", "postbus is vol", "quotum overschreden",
                "ящик переполнен", "превышена квота", "квота превышена",
                "skrzynka pełna", "skrzynka jest pełna", "skrzynka odbiorcza jest pełna", "skrzynka przepełniona",
                "メールボックスがいっぱい", "容量超過", "容量オーバー", "邮箱已满", "邮箱空间不足");
        group(MESSAGE_TOO_LARGE,
                "message too large", "message too big", "message size exceeds", "message is too large",
                "message is too big", "exceeds size limit", "exceeds the maximum size", "exceeds maximum size",
                "message length exceeds administrative limit", "mail size limit", "message exceeds maximum",
                "size limit exceeded", "too big for system", "message file too big", "maximum message size",
                "message is larger than", "message size * exceeds", "message size limit", "size exceeds",
                "exceeded maximum allowed size", "email is too large", "mail too large", "mesg too big",
                "maximum inbound message size", "maximum incoming message size", "line limit exceeded",
                "max message size exceeded", "message too large for this", "size limit", "taille limite du message",
                "message too long", "exceeds the size limit", "message exceeds the fixed maximum",
                "maximum size the user accepts"); // qmail-ldap: "The message exeeded the maximum size the user accepts"
        group(MAILBOX_DISABLED,
                "is currently suspended", "has been suspended", "account suspended", "mailbox currently suspended",
                "mailbox disabled", "mailbox is disabled", "account disabled", "account has been disabled",
                "account is disabled", "inactive account", "account is inactive", "user suspended",
                "tried to reach is disabled", "tried to reach is inactive", "is a deactivated mailbox",
                "mailbox is frozen", "account has been temporarily suspended", "temporarily inactive", "user or domain is disabled",
                "account is locked", "archived recipient", "boite du destinataire archivee", "user is terminated",
                "mailbox unavailable or access denied", "this address no longer accepts mail", "account expired",
                "account has expired", "disabled recipient", "account has been deactivated", "recipient suspend",
                "recipient account is blocked", "compte du destinataire est bloque",
                "temporary locked", "this account has been disabled or discontinued", "mailbox is inactive",
                "is no longer valid.", "invalid/inactive user",
                // qmail-ldap (accountStatus disabled), also in its misspelt forms
                "mailaddress is administrativ* disabled",
                "account is temporarily limited"); // au (EZweb): "The user(s) account is temporarily limited."
        group(HAS_MOVED,
                "has been replaced by", "has moved", "mailbox has moved", "address has changed",
                "moved permanently", "no longer valid, please use", "not our customer", "has changed his address",
                "has changed her address");
        group(SECURITY_ERROR, "you don't authenticate or the domain isn't in my list of allowed rcpthosts");
        group(RELAY_DENIED,
                // Gmail's "(state 12)": the remote server refused to relay for Gmail's authenticated client
                "does not support smtp authenticated relay",
                "insecure mail relay", "list of allowed rcpthosts", "relay access denied", "relaying denied", "relay denied", "relaying not allowed",
                "relay not permitted", "not permitted to relay", "unable to relay", "we do not relay",
                "relaying mail to * is not allowed", "no relaying allowed", "relay not allowed",
                "not allowed to relay", "relaying prohibited", "relay prohibited", "relay rejected",
                "relay request denied", "relaying is prohibited", "relaying to * denied",
                "relay access is not allowed", "cannot relay", "not configured to relay", "can't relay", "relay is not allowed",
                "not a gateway", "we don't relay", "relaying not permitted", "mail relay denied", "as a relay",
                "not allowed to relay through", "not an open relay", "not local host", "specified domain is not allowed",
                "we don't handle mail for", "requires authentication when attempting to send to a non-local");
        // "must pass either SPF or DKIM" names both mechanisms: neither alone is the cause
        group(AUTH_FAILED,
                "either spf or dkim", "spf or dkim", "spf and dkim", "dkim or spf");
        // bare "dmarc" would match Authentication-Results echoes ("dmarc=none") quoted in reports
        group(DMARC_REJECT,
                "dmarc policy", "dmarc fail", "dmarc=fail", "failed dmarc", "dmarc check", "dmarc reject",
                "due to dmarc", "dmarc validation", "dmarc authentication", "5.7.1 dmarc", "dmarc verification",
                "per dmarc", "dmarc) fail");
        group(SPF_FAIL,
                "spf check", "spf fail", "spf validation", "failed spf", "bad spf record", "invalid spf record",
                "sender policy framework",
                "spf=fail", "spf: fail", "not designated as permitted sender", "does not designate * as permitted sender",
                "per it's spf", "per its spf", "openspf", "spf.pobox.com", "spf settings", "spf softfail",
                "rejected due to spf", "spf authentication", "spf) domain authentication fail", "spf policy",
                "does not pass spf", "spf check failed");
        group(DKIM_FAIL,
                "dkim signature", "dkim=fail", "dkim fail", "no valid dkim", "dkim verification", "failed dkim",
                "dkim check", "dkim validation", "dkim-signature");
        group(AUTH_FAILED,
                "doesn't meet the required authentication level", "authentication requirements defined for the sender",
                "sender is unauthenticated", "authentication checks failed", "failed authentication checks",
                "unauthenticated email", "must pass either spf or dkim", "arc validation",
                "authenticate with either spf or dkim", "authentication level", "does not have authentication information",
                "fails to pass authentication");
        group(USER_UNKNOWN,
                // Trend Micro InterScan MSS: "Unable to deliver message to <addr> ... Please check if address is correct."
                "check if address is correct",
                // Haraka when no rcpt plugin accepted the address (connection.js), at RCPT TO of the domain's MX
                "i cannot deliver mail for",
                // OpenSMTPD (lka) when its virtual table has no entry for the address: "524 5.2.4 Mailing list
                // expansion problem: <bob@example.org>" at RCPT TO; the X.2.4 is not about a mailing list
                "mailing list expansion problem: <",
                // GroupWise (GWIA): the address is on no post office of the system; "user not found" is below
                "user not on post office",
                "user unknown", "unknown user", "no such user", "user not found", "unknown recipient",
                "recipient unknown", "recipient not found", "no such recipient", "invalid recipient",
                "recipient does not exist", "recipient not exist", "mailbox does not exist", "mailbox not found",
                "no such mailbox", "mailbox unavailable", "mailbox is unavailable", "mailbox unavaiable",
                "address does not exist", "user does not exist", "user not exist", "user doesn't exist",
                "mailbox * does not exist", "user * does not exist", "address * does not exist",
                "recipient * does not exist", "account * does not exist", "rcpt * does not exist",
                "invalid mailbox", "mailbox invalid", "invalid address", "address invalid", "address unknown",
                "unknown address", "unknown mailbox", "unknown local part", "unknown local-part",
                "not a valid mailbox", "not a valid recipient", "not a valid user", "not a known user",
                "no mailbox here by that name", "no mailbox by that name", "no account by that name",
                "no such person", "there is no one at this address", "tried to reach does not exist",
                "address rejected: user unknown", "badrcptto", "validrcptto", "recipient address rejected: access denied",
                "recipientnotfound", "recipnotfound", "utilisateur inconnu", "adresse nicht gefunden",
                "no existe", "nessun utente", "recipient address rejected.", "address couldn't be found",
                "address not found", "user missing home directory", "invalid or unknown virtual user",
                "is not an active address", "email name is not found", "this user doesn't have a * account",
                "unknown e-mail address", "unknown email address", "no such address", "address not present in directory",
                "destination addresses were unknown", "user * unknown", "invalid user", "bad destination mailbox address",
                "no mailbox found", "mailbox not present", "no mail box available", "not a local address",
                "recipient is not local", "can't accept user", "address rejected. (in reply to rcpt to command)",
                "no valid recipients", "recipient not ok", "recipient is not accepted", "recipient * was not found",
                "user * was not found", "email address could not be found", "unknown or illegal alias",
                "address is no longer valid", "is not a valid e-mail address", "email account does not exist",
                "no such local user", "user is unknown", "addressee unknown",
                "recipient address rejected: invalid user", "this account does not exist",
                "no such account", "account does not exist", "unknown account", "not listed in domino directory",
                // Lotus Domino, Japanese: "ユーザー X は Domino ディレクトリには見つかりません。"
                "ディレクトリには見つかりません",
                // Lotus Notes, Japanese: "User not listed in public Name & Address Book" (Sisimai: Lhost::Notes)
                "ディレクトリのリストにありません",
                "invalid-recipient", "recipient rejected: unknown", "not listed in public name & address book",
                "not listed in public name and address book", "account not found", "user account not found",
                "invalid mail address", "bad_recipient", "bad recipient", "destination server rejected recipients",
                "in name directory", "no matches to nameserver query", "non-existent user", "nonexistent user",
                "non existent user", "spectator does not exist", "user not known", "user not active",
                "wrong or no longer valid", "> not found", "mailbox *@* unavailable",
                "invalid final delivery userid", // IMail Server
                // other languages (de, fr, es, it, pt, nl, ru, pl, ja, zh): "unknown user/recipient", "no such
                // mailbox/address"; only as the whole expression, never a bare "unknown" or "does not exist"
                "benutzer unbekannt", "unbekannter benutzer", "empfänger unbekannt", "unbekannter empfänger",
                "postfach existiert nicht", "mailbox existiert nicht", "adresse existiert nicht", "adresse unbekannt",
                "benutzer existiert nicht", "empfänger existiert nicht",
                "destinataire inconnu", "adresse inconnue", "adresse inexistante", "adresse email inexistante",
                "adresse e-mail inexistante", "boîte aux lettres inexistante", "boite aux lettres inexistante",
                "utilisateur inexistant", "destinataire inexistant", "compte inexistant", "adresse n'existe pas",
                "destinataire invalide",
                "usuario desconocido", "destinatario desconocido", "dirección de correo desconocida",
                "direccion de correo desconocida", "dirección desconocida", "direccion desconocida",
                "usuario inexistente", "buzón inexistente",
                "utente sconosciuto", "utente inesistente", "destinatario inesistente", "indirizzo inesistente",
                "casella inesistente", "destinatario sconosciuto", "indirizzo sconosciuto", "utente non esistente",
                "usuário desconhecido", "usuario desconhecido", "utilizador desconhecido", "destinatário desconhecido",
                "destinatario desconhecido", "usuário inexistente", "endereço inexistente", "endereco inexistente",
                "conta não existe", "conta nao existe", "usuário não existe",
                "gebruiker onbekend", "onbekende gebruiker", "ontvanger onbekend", "onbekende ontvanger",
                "adres bestaat niet", "mailbox bestaat niet", "gebruiker bestaat niet",
                "пользователь не найден", "нет такого пользователя", "ящик не существует", "пользователь не существует",
                "адрес не существует", "адресат не найден", "неизвестный пользователь",
                "użytkownik nie istnieje", "nieznany użytkownik", "skrzynka nie istnieje", "adres nie istnieje",
                "nie ma takiego użytkownika",
                "宛先不明", "ユーザが存在しません", "ユーザーが存在しません", "存在しないユーザ", "存在しないメールアドレス",
                "用户不存在", "收件人不存在", "邮箱不存在", "用户名不存在", "帐户不存在", "账户不存在");
        group(RECIPIENT_FILTERED,
                "user refuses to receive", "refused due to recipient preferences",
                "only accepting mail from specific email addresses", "you have been blocked by the recipient",
                "message rejected due to user rules", "user reject", "has restricted sms e-mail",
                "is not accepting any mail", "recipient id refuse to receive mail", "message filtered",
                "account is protected by", "bounced address", "not found recipient account",
                "recipient has blocked", "blocked by the recipient", "recipient's rules", "refuses to accept your mail");
        group(REVERSE_DNS_MISSING,
                "ptr record", "reverse dns", "reverse lookup", "rdns", "cannot find your hostname",
                "cannot resolve your address", "ip name lookup failed", "no ptr", "ptr-record", "ptr records",
                "unresolvable relay host name", "forward dns entry does not point to the sending ip",
                "generic dns ptr", "missing ptr", "fcrdns", "reverse dns failed", "reverse-dns",
                "please get a custom reverse dns", "unverifyable sending ips", "mismatches client ip",
                "cannot resolve your hostname", "hostname lookup failed", "dns ptr",
                // Postfix reject_unknown_reverse_client_hostname (550/450 5.7.1, no X.7.25)
                "cannot find your reverse hostname");
        group(NOT_RFC_COMPLIANT,
                "rfc 5322", "rfc5322", "rfc 2822", "rfc2822", "not rfc compliant", "not rfc-compliant",
                "not compliant with rfc", "duplicate header", "multiple from", "multiple addresses in from",
                "rfc 5321 compliant", "does not comply with rfc", "message not rfc", "not conform to rfc",
                "rfcmessagenoncompliant");
        group(BAD_REPUTATION,
                "poor reputation", "bad reputation", "low reputation", "reputation score", "ip reputation",
                "domain reputation", "reputation problems", "sender reputation", "unexpected volume or user complaints",
                "poor email reputation");
        group(CONTENT_ERROR,
                "invalid mime", "mime error", "illegal character in header", "bare lf", "bare line feed",
                "message content not available", "8-bit data", "8bit data", "header line too long",
                "line too long", "malformed message", "invalid message format", "message header invalid",
                "headers too long", "message header size exceeds", "content encoding", "header size exceeds maximum",
                "improper use of 8-bit data", "exceeds policy limit", "mime complexity", "invalid mime headers",
                "improperly-formatted binary content", "unnecessary base64 encoding", "too many received: headers");
        group(SENDER_REJECTED,
                "sender address rejected", "sender rejected", "sender verify failed", "sender verification failed",
                "badsendermx", "sendernoa", "valid-address-filter", "has an outgoing mail suspension",
                "without a valid sender domain", "mailfrom domain is listed", "too many spam complaints",
                "access to submit messages to this e-mail system has been rejected",
                "invalid sender", "sender denied", "sender is in my black list", "sender address has been blacklisted",
                "sender not pre-approved", "mail from not owned by user", "returned mail not accepted here",
                "null sender is not allowed", "empty envelope senders not allowed", "bogus mail from",
                "sender was rejected", "domain of sender address", "batv", "backscatter",
                "your email address has been blacklisted", "sender email address rejected",
                "this server does not accept mail from", "not on the recipient's list of senders",
                "isn't on the recipient's list of senders", "administrative prohibition",
                "an address that has been blacklisted",
                "access denied (in reply to mail from command)", "from: domain is invalid", "invalid domain, see <url:",
                // Exchange Online's tenant-level refusal of everything this sender addressed (Sisimai: rejected)
                "all recipient addresses rejected : access denied",
                "fully qualified email address required", "email address is not verified",
                "not allowed to post to this mailing list", "is not a registered gateway user",
                "not a member of this mailing list", "you are not a member of", "only members can post",
                "may not have permission to post", "permission to post messages to the group",
                "do not have permission to post",
                "can't determine purported responsible address", "spam reporting address", "sender is spammer",
                "emetteur invalide", "no third-party dsns", "unsigned dsn", "sender domain is empty",
                "syntax error: empty email address", "sending this from a different address or alias",
                "envelope blocked", "sender blacklisted", "sender is blacklisted", "mail from address rejected",
                "bad sender address", "sender address is not valid", "invalid mail from", "denied [bouncedeny]",
                "senderfilterconfig", "rule imposed mailbox access for", "no mx records for ", "mx records for ",
                "rfc 1035 violation");
        group(DOMAIN_NOT_FOUND,
                "host or domain name not found", "domain does not exist", "domain not found", "no such domain",
                "unknown domain", "domain name not found", "host unknown", "unknown host", "unrouteable address",
                "unroutable address", "name or service not known", "domain must exist", "recipient domain must exist",
                "mail domain mentioned in email address is unknown", "domain is not reachable",
                "all relevant mx records point to non-existent hosts", "domain has no mx", "nxdomain",
                "host not found", "the account or domain may not exist", "553 * does not exist",
                "dns records for the destination computer could not be found", "domain does not resolve",
                "domain name does not exist", "no valid mx", "invalid domain", "domain is invalid",
                "unknown or invalid domain", "non-existent domain", "nonexistent domain", "bad destination system address",
                "couldn't find any host named", "could not find any host named");
        group(NOT_ACCEPTING_MAIL,
                "does not accept mail", "mail receiving disabled", "domain does not receive mail", "accepts no mail", "name server: .: host not found",
                "no route for current request", "smtp protocol returned a permanent error");
        group(VIRUS_DETECTED, "prohibited virus");
        group(SPAM_CONTENT,
                "spam detected", "detected as spam", "considered spam", "considered as spam", "classified as spam",
                "identified as spam", "looks like spam", "appears to be spam", "seems to be a spam", "spam content",
                "spam message", "spam score", "spamassassin", "unsolicited", "bulk mail", "bulk email",
                "high probability of spam", "rejected as spam", "spam rejected", "spam blocked", "spam check",
                "possible spam", "probable spam", "suspected spam", "spam not accepted", "dont accept spam",
                "don't accept spam", "content filter", "message content rejected", "rejecting banned content",
                "rejecting mail content", "uribl", "surbl", "blacklisted url", "spam-like", "spamlike",
                "mail content denied", "spam email", "spam points", "spam rejection", "spam refused", "antispam",
                "anti-spam", "spam complaints", "too much spam", "spam filter", "as spam", "scored as spam",
                "spambouncer", "spamming not allowed", "reject bulk.advertising", "rejected due to spam",
                "detected that this message is", "unacceptable content", "spam or virus", "spam/virus",
                "triggered a spam block", "spam contents", "mail score (", "- spam", "spam;", "spam)",
                "junk mail", "likely spam", "is spam", "help_spam", "mail flood", "spam classification",
                "mail rejete. mail rejected. *506", "no spam please", "due to spam list", "looked like spam",
                "recurrent pattern detection", "similar to spam", "probably spam", "probability of being spam",
                // other languages: "(detected/considered) as spam", "junk mail", "suspected spam"
                " als spam", "spamverdacht", "spam-verdacht", " comme spam", " comme du spam", "courrier indésirable",
                "courrier indesirable", "pourriel", " como spam", "considerado spam", "considerada spam",
                "correo no deseado", " come spam", "considerato spam", "posta indesiderata",
                "похоже на спам", "как спам", "признано спамом", "迷惑メールと判定", "スパムと判定", "迷惑メールと判断",
                "スパムと判断", "识别为垃圾邮件", "判定为垃圾邮件", "疑似垃圾邮件");
        group(RATE_LIMITED,
                "frequency limited", "frequency of receiving messages is limited", "receiving mail too quickly",
                "max message per connection", "rate limit", "rate-limit", "ratelimit", "too many connections", "too many concurrent",
                "too many sessions", "too many messages", "too many recipients", "too many mails", "sending too fast",
                "try again slower", "throttl", "connection limit", "exceeded the rate", "receiving mail at a rate",
                "too many errors from your ip", "temporarily rate limited", "trop de connexions",
                "numerous attempts to deliver this message", "too many smtp sessions", "too many simultaneous",
                "too many connection", "unusual rate", "limit exceeded for", "connections from your ip",
                "too much mail", "too many emails", "slow down",
                "exceeded permitted limits"); // Exchange Online 5.7.508
        group(BLOCKLISTED_IP,
                "blocked using", "spamhaus", "spamcop", "barracudacentral", "sorbs", "abuseat", "dnsbl",
                "blacklisted", "blocklisted", "black list", "blacklist", "block list", "blocklist",
                "listed in the rbl", " rbl", "rbl:", "is blocked by rbl", "banned sending ip", "blocked - see http",
                "refused - see http", "on our block list", "listed as abusive", "junkemailfilter",
                "ip * is blocked", "ip * has been blocked", "ip address * blocked", "your ip * blocked",
                "ip * is listed", "ip address is listed", "listed at", "is listed in", "are listed in",
                "rejected based on blacklist",
                "rbl on", "mail-abuse", "ip blocked", "blocked ip", "ip address has been blocked",
                "part of their network is on our block list", "extreme bad ip profile",
                "unwanted messages have been sent from the following ip");
        group(CLIENT_BLOCKED,
                // greylisting: this client (address, sender, recipient) is deferred until it retries (postgrey's
                // "Greylisted, see ..."); a sender that rotates IPv6 addresses may never pass
                "greylisted", "greylisting",
                "client host rejected", "helo command rejected", "refused to talk to me", "not allowed to connect",
                "host network not allowed", "hosts with dynamic ip", "dynamic ip", "dynamic/zombied",
                "please use the smtp server of your isp", "not currently accepting mail from your ip",
                "access from ip address * blocked", "your access ip * rejected", "server access forbidden by your ip",
                "no access from mail server", "is not allowed to send mail from", "connection refused by",
                "go away", "esmtp not accepting connections", "service not available, closing transmission channel",
                "after initial connection", "was blocked by", "you are sending spam", "currently sending spam",
                "sender ip address rejected", "bad sender ip address", "confirm this mail server",
                "your server requires confirmation", "connections not accepted from", "rejecting open proxy",
                "looks suspiciously like spammer", "invalid ip for sending mail", "not authorized to send email directly", "will be permanently deferred", "access denied, bad helo",
                "access denied, banned sender",
                "you are not allowed", "your remotehost", "ip address rejected",
                "host rejected", "client rejected", "connection rejected", "blocked for abuse", "too many spams",
                "your network is temporary blacklisted", "temporarily deferred due to user complaints",
                "mail server at * is blocked");
        group(VIRUS_DETECTED,
                "virus", "malware", "infected", "trojan", "worm.", "malicious", "phishing", "executable attachment");
        group(POLICY_VIOLATION,
                "policy violation", "policy reasons", "denied by policy", "local policy", "organizational settings",
                "organization policy", "organisation policy", "closed mailing list", "members-only list",
                "not subscribed to this group", "illegal attachment", "not accepting mail with",
                // amavisd-new's reply for a banned file name or type: "554 5.7.0 Reject, id=... - BANNED: x.exe"
                "- banned: ",
                "mass mailer", "message given low priority", "header are not accepted", "header error",
                "protocol violation", "security policies", "messages with multiple addresses",
                "containing images or other attachments", "content presents a potential", "policy rejection",
                "content policy", "attachment not allowed", "attachments are not allowed", "prohibited attachment",
                "blocked attachment", "file type", "rejected by policy", "violates policy", "violation of policy",
                "against policy", "by policy");
        group(SYSTEM_FULL,
                "insufficient system storage", "system storage", "mail system full", "disk full", "out of disk",
                "system is full", "mail system congestion", "insufficient storage", "server is full",
                "insufficient disk space");
        group(SYSTEM_ERROR,
                "system error", "internal error", "local error in processing", "configuration error",
                "temporary local problem", "server configuration", "misconfigured", "service currently unavailable",
                "interrupted system call", "queue file write error", "loops back to myself",
                "loop was found in the mail exchanger", "aliasing/forwarding loop", "can't create user output file",
                "timeout waiting for input", "transaction failed", "could not load drd", "unable to connect * daemon",
                // the receiving side's own directory (qmail-ldap, Exchange/Domino LDAP lookups), not DNS
                "unable to contact ldap", "ldap server", "ldap lookup failed", "ldap error",
                "it encountered an error while being processed", "it would create a mail loop", "system config error",
                "no mdb", "duplicated message-id", "duplicate message-id", "server error", "internal server error", "temporarily unavailable", "service unavailable",
                "local problem", "system problem",
                "dns violates rfc 1035", // Courier (esmtpclient.c): "This domain's DNS violates RFC 1035."
                "temporary system failure");
        group(MAIL_LOOP,
                // qmail-remote: the MX points back at this host, which does not treat the domain as local (#5.4.6)
                "although i'm listed as a best-preference mx", "mail loop", "routing loop", "too many hops", "hop count exceeded", "forwarding loop",
                "message looping", "loop detected", "mail forwarding loop", "loop count exceeded");
        group(NETWORK_ERROR,
                "connection refused", "connection reset", "no route to host", "network is unreachable",
                "network unreachable", "host is unreachable", "host unreachable", "could not connect",
                "unable to connect", "connect to * failed", "lost connection", "connection timed out",
                "conversation with * timed out", "timed out while", "timed out", "timeout", "unable to resolve route",
                "unrouteable mail domain", "connection dropped", "connection closed", "connection was dropped",
                "connection lost", "could not establish", "wasn't able to establish", "can't connect",
                "cannot connect", "failed to connect", "connection failed", "connect failed",
                "broken pipe", "read error", "write error", "remote server did not respond",
                // OpenSMTPD (mta.c) when every route to the MX hosts failed; Haraka (outbound/hmail.js) likewise
                "tried all mxs", "network error on destination mx", "no valid route to remote mx", "no valid route to destination",
                "all routes to destination blocked", "could not retrieve source address",
                // Postfix smtp(8) when the sending host's own packet filter refuses the connection (EACCES, EPERM):
                // a local network failure, not the receiver's "permission denied"
                "connect to * permission denied", "connect to * operation not permitted",
                "cannot assign requested address", "network is down", "host is down",
                "address family not supported"); // EAFNOSUPPORT: refined to mx-no-aaaa / ipv6-unreachable
        group(EXPIRED_AFTER_RETRIES,
                "retry timeout exceeded", "retry time not reached", "message expired", "delivery expired",
                "delivery time expired", "expired after", "gave up",
                // not qmail-remote's "Giving up on 192.0.2.25." after every permanent refusal (qmail-remote.c)
                "giving up.", "giving up,", "giving up;", "giving up after", "giving up on this message", "failing for a long time",
                "too long in the queue", "in the queue too long", "in queue too long", "could not be delivered for * days",
                "could not be delivered within", "not delivered within", "after multiple retries", "within the allowed queue period",
                "message timed out", "server did not respond", "it has not been collected after",
                "undeliverable for", "failed to deliver to domain", "could not find a gateway for",
                "has been delayed", "delivery attempts will continue", "message has been in the queue",
                "maximum time", "queue lifetime", "message could not be delivered for more than",
                "retry period", "too many retries", "retries exceeded", "expired", "delivery failed * attempts",
                "did not accept our requests to connect",
                "cannot send message for"); // Sendmail 8.x before 8.12: "Cannot send message for 5 days"
        group(STARTTLS_FAILED,
                "starttls", "failed mta-sts validation", "mta-sts", "certificate-expired", "tls required", "requiretls", "tls negotiation failed", "encryption required",
                "tls handshake", "must use tls", "tls is required", "requires tls", "encryption needed",
                "secure connection required",
                // Postfix smtp(8) when its TLS policy (secure, verify, dane) is not met
                "cannot start tls", "server certificate not trusted", "server certificate not verified",
                "certificate verification failed");
        group(SECURITY_ERROR,
                "authentication required", "authentication failed", "authentication failure", "auth required",
                "unauthenticated senders not allowed", "insecure mail relay", "authentication credentials invalid",
                "verification failure", "authentication is required", "executable files are not allowed",
                "account not subscribed to ses", "is not authorized to perform ses", "is a dead domain",
                "must authenticate", "please authenticate", "not authorized", "unauthorized", "not permitted",
                "client not authenticated to send", "authentication unsuccessful", // Exchange 5.7.57, 5.7.139
                "permission denied");
        group(SUPPRESSED,
                "suppression list", "suppressed address", "address is suppressed", "on the suppression");
        group(MAILER_ERROR,
                "mailer error", "command failed: ", "procmail", "command died with status", "command output:", "pipe to |",
                "unable to deliver to command", "mail delivery agent", "child process", "deliver to file",
                "exit code", "exited with", "returned exit status", "local delivery failed", "mailbox command",
                "unknown mailer error"); // Sendmail's EX_* exit of a delivery program (deliver.c)
        group(SYNTAX_ERROR,
                "syntax error", "command unrecognized", "unrecognized command", "bad sequence of commands",
                "command not implemented", "invalid command", "command not recognized", "unknown command",
                // Exim's address parser (parse.c) on a recipient it cannot read; the message is not sent
                "malformed address:", "angle-brackets nested too deep", "domain missing in source-routed address");
    }

    /**
     * The compiled table, shared by every {@link Classifier}: the rules, plus the phrases of the classifier's other
     * readers ({@link ExtraPhrases}: SMTP stage markers, provider literals, system texts), found in the same pass.
     */
    static final RuleBook BOOK = new RuleBook(RULES, ExtraPhrases.ALL);
}
