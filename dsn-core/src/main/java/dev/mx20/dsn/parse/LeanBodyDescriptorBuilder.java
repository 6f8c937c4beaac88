package dev.mx20.dsn.parse;

import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.BodyDescriptorBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.MimeUtil;

import java.util.List;
import java.util.Locale;

/**
 * mime4j's extension point for the body descriptor ({@link BodyDescriptorBuilder}), giving the same descriptors as
 * the builder mime4j 0.8.14 uses by default ({@code FallbackBodyDescriptorBuilder}, package-private, so it cannot be
 * subclassed): same Content-Type parser ({@link RawFieldParser#DEFAULT}, through {@link LeanFieldParser}), same
 * defaults (text/plain, us-ascii for text, message/rfc822 inside multipart/digest, 7bit), same "first valid
 * Content-Type wins", same "last parameter of a name wins". What it leaves out is work the stream does for every
 * header line: the default builder lower-cases every field's name (a new String per Received, DKIM-Signature... line)
 * to see whether it is one of its three {@code Content-} fields, and puts every Content-Type parameter into a HashMap
 * to read two of them. That was about a fifth of mime4j's share of the parser's profile outside its tokenizer
 * (docs/benchmarks.md).
 */
final class LeanBodyDescriptorBuilder implements BodyDescriptorBuilder {
    private final String parentMimeType;

    private String mediaType;
    private String subType;
    private String mimeType;
    private String boundary;
    private String charset;
    private String transferEncoding;
    private long contentLength;

    LeanBodyDescriptorBuilder() {
        this(null);
    }

    private LeanBodyDescriptorBuilder(String parentMimeType) {
        this.parentMimeType = parentMimeType;
        reset();
    }

    @Override
    public void reset() {
        mimeType = null;
        subType = null;
        mediaType = null;
        boundary = null;
        charset = null;
        transferEncoding = null;
        contentLength = -1;
    }

    @Override
    public BodyDescriptorBuilder newChild() {
        return new LeanBodyDescriptorBuilder(mimeType);
    }

    @Override
    public BodyDescriptor build() {
        String actualMimeType = mimeType;
        String actualMediaType = mediaType;
        String actualSubType = subType;
        String actualCharset = charset;
        if (actualMimeType == null) {
            // RFC 2046 §5.1.5: the default type of a multipart/digest's parts is message/rfc822
            if (MimeUtil.isSameMimeType("multipart/digest", parentMimeType)) {
                actualMimeType = "message/rfc822";
                actualMediaType = "message";
                actualSubType = "rfc822";
            } else {
                actualMimeType = "text/plain";
                actualMediaType = "text";
                actualSubType = "plain";
            }
        }
        if (actualCharset == null && "text".equals(actualMediaType)) {
            actualCharset = "us-ascii";
        }
        return new Descriptor(actualMimeType, actualMediaType, actualSubType, boundary, actualCharset,
                transferEncoding != null ? transferEncoding : "7bit", contentLength);
    }

    @Override
    public Field addField(RawField field) {
        String name = field.getName();
        switch (name.length()) {
            case 25 -> {
                if (transferEncoding == null && nameIs(name, "content-transfer-encoding")) {
                    String value = field.getBody();
                    if (value != null) {
                        value = value.trim().toLowerCase(Locale.US);
                        if (!value.isEmpty()) {
                            transferEncoding = value;
                        }
                    }
                }
            }
            case 14 -> {
                if (contentLength == -1 && nameIs(name, "content-length")) {
                    String value = field.getBody();
                    if (value != null) {
                        try {
                            contentLength = Long.parseLong(value.trim());
                        } catch (NumberFormatException e) {
                            // ignored, as mime4j's builder does under its silent monitor
                        }
                    }
                }
            }
            case 12 -> {
                if (mimeType == null && nameIs(name, "content-type")) {
                    parseContentType(field);
                }
            }
            default -> {
            }
        }
        return null;
    }

    private void parseContentType(RawField field) {
        RawBody body = LeanFieldParser.INSTANCE.parseRawBody(field); // RawFieldParser.DEFAULT's result
        String main = body.getValue();
        String b = null;
        String c = null;
        List<NameValuePair> params = body.getParams();
        for (int i = 0; i < params.size(); i++) {
            NameValuePair p = params.get(i);
            String n = p.getName();
            if (n.length() == 8 && nameIs(n, "boundary")) {
                b = p.getValue(); // the last one wins, as in mime4j's map of parameters
            } else if (n.length() == 7 && nameIs(n, "charset")) {
                c = p.getValue();
            }
        }
        String type = null;
        String subtype = null;
        if (main != null) {
            main = main.toLowerCase().trim(); // default locale, as mime4j's builder does
            int index = main.indexOf('/');
            boolean valid = false;
            if (index != -1) {
                type = main.substring(0, index).trim();
                subtype = main.substring(index + 1).trim();
                if (!type.isEmpty() && !subtype.isEmpty()) {
                    if (type.length() + 1 + subtype.length() != main.length()) {
                        main = type + "/" + subtype; // spaces around the slash
                    }
                    valid = true;
                }
            }
            if (!valid) {
                main = null;
                type = null;
                subtype = null;
            }
        }
        boolean multipart = main != null && main.startsWith("multipart/");
        if (main != null && (!multipart || b != null)) {
            mimeType = main;
            mediaType = type;
            subType = subtype;
        }
        // MimeUtil.isMultipart(mimeType) as mime4j's builder asks it, without its toLowerCase copy: mimeType is null or
        // this field's main type, lower-cased above (the first valid Content-Type wins: it was null on entry).
        if (multipart && mimeType != null) {
            boundary = b;
        }
        charset = null;
        if (c != null) {
            c = c.trim();
            if (!c.isEmpty()) {
                charset = c;
            }
        }
    }

    /**
     * {@code name.toLowerCase(Locale.US).equals(lower)} for a lower-case ASCII {@code lower}, without the new
     * String. mime4j reads header bytes as ISO-8859-1, and no Latin-1 character other than A-Z lower-cases to
     * ASCII; any other character takes the JDK's path.
     */
    static boolean nameIs(String name, String lower) {
        if (name.length() != lower.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char n = name.charAt(i);
            char l = lower.charAt(i);
            if (n == l) {
                continue;
            }
            if (n > 0xff) {
                return name.toLowerCase(Locale.US).equals(lower);
            }
            if (n < 'A' || n > 'Z' || n + 32 != l) {
                return false;
            }
        }
        return true;
    }

    /** The built descriptor (mime4j's own class for it is package-private). */
    private record Descriptor(String mimeType, String mediaType, String subType, String boundary, String charset,
                              String transferEncoding, long contentLength) implements BodyDescriptor {
        @Override
        public String getMimeType() {
            return mimeType;
        }

        @Override
        public String getMediaType() {
            return mediaType;
        }

        @Override
        public String getSubType() {
            return subType;
        }

        @Override
        public String getBoundary() {
            return boundary;
        }

        @Override
        public String getCharset() {
            return charset;
        }

        @Override
        public String getTransferEncoding() {
            return transferEncoding;
        }

        @Override
        public long getContentLength() {
            return contentLength;
        }
    }
}
