# syntax=docker/dockerfile:1
#
# The proofmesh CLI image: every service and tool is a `proofmesh` subcommand.
#   docker build -t proofmesh .
#   docker run --rm proofmesh --help
#   docker run --rm --network proofmesh proofmesh topics --bootstrap-servers kafka:29092
#
# The image runs against existing infrastructure (docker-compose.yml); `proofmesh dev`
# (the DevStack) is not meant to run in it: it needs the Apicurio app and npm's anvil,
# which this build deliberately skips.

# ---- build ----------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# build-registry-app / install-node-tools (platform/pom.xml) build the DevStack's Apicurio
# jar and npm tools; the image needs neither. The cache mount keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2/repository \
    mvn -B -ntp -DskipTests -P '!build-registry-app,!install-node-tools' package -pl app -am

# ---- runtime --------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 proofmesh \
    && useradd --system --uid 10001 --gid proofmesh --home-dir /var/lib/proofmesh --create-home \
       --shell /usr/sbin/nologin proofmesh

# The streams state dir exists in the image, owned by the service user, so a named volume
# mounted there starts with that ownership.
RUN mkdir -p /var/lib/proofmesh/streams && chown -R proofmesh:proofmesh /var/lib/proofmesh

ENV PROOFMESH_HOME=/opt/proofmesh

# lib/ first: dependencies change less often than the application jar.
COPY --from=build /src/app/target/lib/ /opt/proofmesh/lib/
COPY --from=build /src/app/target/proofmesh.jar /opt/proofmesh/proofmesh.jar

USER 10001:10001
WORKDIR /var/lib/proofmesh

# ingest, streams-processor query API, reward-settler, inference-sidecar, prober metrics
EXPOSE 8080 8082 8083 8084 8085

# The jar's manifest puts lib/*.jar on the class path; heap follows the container's memory limit.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/proofmesh/proofmesh.jar"]
CMD ["--help"]
