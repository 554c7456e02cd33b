# WindFlow container image.
#   docker build -t windflow:local .
# The base images are build arguments so a mirror or an air-gapped registry can stand in for the
# public ones (the tests build this file on bases made locally from Debian packages and the host's
# .NET SDK; see WindFlow.Tests/Packaging/ContainerImageTests.cs).
ARG NODE_IMAGE=node:20-bookworm-slim
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# The JavaScript islands (wwwroot-assets/) are bundled by esbuild. The SDK images carry no Node,
# so the bundle is made here and the .NET build below is told to take it as it is.
FROM ${NODE_IMAGE} AS frontend
WORKDIR /src/wwwroot-assets
COPY wwwroot-assets/package.json wwwroot-assets/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY wwwroot-assets/ ./
RUN npm run build

FROM ${SDK_IMAGE} AS build
# ReadyToRun trades build time for a faster start, as `make run` does (PUBLISH_FLAGS in the Makefile).
ARG READY_TO_RUN=true
WORKDIR /src
# Project files first: the restore layer is reused until a project or package version changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY WindFlow.Core/WindFlow.Core.csproj WindFlow.Core/
COPY WindFlow.Infrastructure/WindFlow.Infrastructure.csproj WindFlow.Infrastructure/
COPY WindFlow.Web/WindFlow.Web.csproj WindFlow.Web/
COPY WindFlow.Web/build/ WindFlow.Web/build/
RUN dotnet restore WindFlow.Web/WindFlow.Web.csproj -r linux-x64 -p:PublishReadyToRun=${READY_TO_RUN}
COPY WindFlow.Core/ WindFlow.Core/
COPY WindFlow.Infrastructure/ WindFlow.Infrastructure/
COPY WindFlow.Web/ WindFlow.Web/
COPY --from=frontend /src/WindFlow.Web/wwwroot/js/dist/ WindFlow.Web/wwwroot/js/dist/
RUN dotnet publish WindFlow.Web/WindFlow.Web.csproj --no-restore -c Release -r linux-x64 --self-contained false \
      -p:PublishReadyToRun=${READY_TO_RUN} -p:WindFlowFrontEndPrebuilt=true -o /app \
    && mkdir /data

FROM ${RUNTIME_IMAGE}
# The runtime stage runs no command, so a base without a shell (chiseled, distroless) works too.
# 1654 is the `app` user of Microsoft's images; on other bases the numeric id needs no passwd entry.
ARG APP_UID=1654
ENV WINDFLOW_URLS=http://+:8080 \
    WINDFLOW_DATA_DIR=/data \
    HOME=/tmp \
    DOTNET_RUNNING_IN_CONTAINER=true
WORKDIR /app
COPY --from=build /app/ ./
# Owned by the app user: a new named volume mounted here takes this owner and mode.
COPY --from=build --chown=${APP_UID}:${APP_UID} /data /data
USER ${APP_UID}:${APP_UID}
VOLUME /data
EXPOSE 8080
# The runtime images have neither curl nor wget: WindFlow probes itself (WindFlow.Web/Hosting/HealthProbe.cs).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["dotnet", "/app/WindFlow.Web.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/WindFlow.Web.dll"]
