package io.proofmesh.platform.registry;

/**
 * The schema registry could not be reached or refused a request. The message names the
 * URL, the subject and the registry's own error, so the operator can act on it directly.
 */
public class SchemaRegistryException extends RuntimeException {

    private final String url;
    private final String subject;
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String url, String subject, int httpStatus, int errorCode, String registryMessage) {
        super("schema registry at " + url + (subject == null ? "" : " (subject " + subject + ")")
                + " answered HTTP " + httpStatus + (errorCode > 0 && errorCode != httpStatus ? " error " + errorCode : "")
                + ": " + registryMessage);
        this.url = url;
        this.subject = subject;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String url, String subject, Throwable cause) {
        super("schema registry at " + url + (subject == null ? "" : " (subject " + subject + ")")
                + " is unreachable: " + cause + ". Start the dev stack with `./proofmesh dev`, or set "
                + "--registry-url (registry.url / PROOFMESH_REGISTRY_URL) to a running registry.", cause);
        this.url = url;
        this.subject = subject;
        this.httpStatus = -1;
        this.errorCode = -1;
    }

    public String url() {
        return url;
    }

    public String subject() {
        return subject;
    }

    /** HTTP status, or -1 when the registry could not be reached. */
    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
