package io.hexmirror;

/** Content cannot be decoded: bad gzip, protobuf, tar or Erlang terms, or over a size limit. */
public class MalformedDataException extends VerificationException {
    public MalformedDataException(String message) {
        super(message);
    }

    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
