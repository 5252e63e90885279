package io.proofmesh.platform.http;

/** One thing a service needs in order to be healthy (Kafka reachable, stream running...). */
@FunctionalInterface
public interface HealthCheck {

    Result check();

    record Result(boolean up, String detail) {
        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }
    }
}
