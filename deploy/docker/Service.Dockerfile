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
RUN dotnet restore "$PROJECT"
RUN dotnet publish "$PROJECT" -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS final
ARG ASSEMBLY
WORKDIR /app
COPY --from=build /app ./
ENV ASSEMBLY=${ASSEMBLY} ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# The image's unprivileged user, never root.
USER $APP_UID
ENTRYPOINT ["sh", "-c", "exec dotnet \"$ASSEMBLY\""]
