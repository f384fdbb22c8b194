# One multi-stage image definition for every service and the gateway: they differ only in the
# project they publish (build args PROJECT and ASSEMBLY, set per service in docker-compose.yml),
# so one file instead of six copies that drift apart.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG PROJECT
WORKDIR /src
# Restore first, from the build files alone, so the layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY shared/ shared/
COPY services/ services/
COPY gateway/ gateway/
# ReadyToRun: our code and every package compiled ahead of time for the image's platform, so that
# a new instance serves its first requests and messages without waiting for the JIT (the first
# submission after a start: docs/performance.md, "Submit → visible"; deploy/benchmark.sh startup).
ARG TARGETARCH
RUN if [ "$TARGETARCH" = arm64 ]; then echo linux-arm64; else echo linux-x64; fi > /tmp/runtime-id
# The ReadyToRun compiler is a package: the restore must know it is wanted (NETSDK1094 otherwise).
RUN dotnet restore "$PROJECT" -r "$(cat /tmp/runtime-id)" -p:PublishReadyToRun=true
RUN dotnet publish "$PROJECT" -c Release --no-restore -r "$(cat /tmp/runtime-id)" --self-contained false \
      -p:PublishReadyToRun=true -p:UseAppHost=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS final
ARG ASSEMBLY
WORKDIR /app
COPY --from=build /app ./
ENV ASSEMBLY=${ASSEMBLY} ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# The image's unprivileged user, never root.
USER $APP_UID
ENTRYPOINT ["sh", "-c", "exec dotnet \"$ASSEMBLY\""]
