# syntax=docker/dockerfile:1
# HealthGateway: build with the Swift 6.3 image, run on Swift's slim runtime image as a non-root user
# (DEPLOY.md, "Container image"). The build runs scripts/build-release, the same script CI builds with.
#
#   docker build -t health-gateway .
#   docker run -p 8080:8080 -e HEALTH_GATEWAY_AUTH=none health-gateway serve --samples Samples/population.ndjson

FROM swift:6.3-noble AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libxml2-dev libsqlite3-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so a change in Sources/ reuses the resolved packages' layer.
COPY Package.swift ./
RUN swift package resolve
COPY Sources Sources
COPY scripts/build-release scripts/build-release
RUN cp "$(scripts/build-release)" /usr/local/bin/health-gateway

FROM swift:6.3-noble-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libxml2 libsqlite3-0 curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/health-gateway --create-home gateway
COPY --from=build /usr/local/bin/health-gateway /usr/local/bin/health-gateway
WORKDIR /opt/health-gateway
COPY App App
COPY Samples Samples
USER 10001:10001
ENV HEALTH_GATEWAY_HOST=0.0.0.0 \
    HEALTH_GATEWAY_PORT=8080 \
    HEALTH_GATEWAY_DATABASE=/var/lib/health-gateway/gateway.sqlite \
    HEALTH_GATEWAY_NO_SAMPLES=true \
    HEALTH_GATEWAY_LOG_FORMAT=json
EXPOSE 8080 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD curl -fsS http://127.0.0.1:8080/livez || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["health-gateway"]
CMD ["serve"]
