// swift-tools-version:6.2
// HealthGateway: a FHIR R4 gateway over a health tracker's native tables.
// Targets and their allowed imports follow ../shared/ARCHITECTURE.md (copied into README.md).

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "health-gateway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "health-gateway", targets: ["health-gateway"]),
        // The fuzzing driver: scripts/fuzz builds it with libFuzzer (README, "Fuzzing").
        .executable(name: "health-gateway-fuzz", targets: ["health-gateway-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // `serve --config FILE`: JSON or YAML configuration files (the YAML trait brings jpsim/Yams).
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    ],
    targets: [
        // Records of the native tables, their JSON form and their domain rules.
        .target(name: "NativeModel", swiftSettings: swiftSettings),
        // The LOINC codes the gateway maps and the UCUM conversions EHR units need.
        .target(name: "Terminology", swiftSettings: swiftSettings),
        // FHIR R4 datatypes and resources as Sendable value types, element order as explicit data.
        .target(name: "FHIRModels", swiftSettings: swiftSettings),
        // libxml2, for FHIR XML; imported only by FHIRFormat.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // mallopt(3) for the server's heap (README, "Memory"); only the executable imports it.
        .target(name: "CMalloc"),
        // FHIR formats: JSON and XML bytes to and from FHIRModels, keeping member order and lexical values.
        .target(name: "FHIRFormat", dependencies: ["FHIRModels", "CLibXML2"], swiftSettings: swiftSettings),
        // FHIR search parameters parsed into a SearchQuery, checked against the supported parameters.
        .target(name: "Search", dependencies: ["FHIRModels", "Terminology"], swiftSettings: swiftSettings),
        // FHIR ⇄ native: Patient ⇄ users, Observation ⇄ measurement rows; reports what cannot be mapped;
        // search planning (SearchQuery → store search).
        .target(name: "Mapping", dependencies: ["FHIRModels", "NativeModel", "Terminology", "Search", "Store"],
                swiftSettings: swiftSettings),
        // FHIR interactions without HTTP: read, create, update, delete; FHIRError; the CapabilityStatement.
        // Population statistics per measure and the health-score formula.
        .target(name: "Scoring", dependencies: ["NativeModel", "Terminology", "Store"], swiftSettings: swiftSettings),
        .target(name: "Interactions",
                dependencies: ["FHIRModels", "FHIRFormat", "Mapping", "NativeModel", "Terminology", "Store", "Scoring",
                               "Search", "Access", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: swiftSettings),
        // SMART scopes (v1, v2, granular) parsed fail-closed into an AccessPolicy.
        .target(name: "Access", swiftSettings: swiftSettings),
        // Bearer-token verification (JWKS, algorithms, claims) into an AccessPolicy; token issuing. Owns jwt-kit.
        .target(name: "Auth",
                dependencies: ["Access", "Store", .product(name: "JWTKit", package: "jwt-kit"),
                               .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: swiftSettings),
        // The HealthStore protocol: native reads and one atomic write entry point.
        .target(name: "Store", dependencies: ["NativeModel", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: swiftSettings),
        // The embedded default store: SQLite through GRDB.
        .target(
            name: "StoreSQLite",
            dependencies: ["Store", "NativeModel", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // The store for several gateway nodes: PostgreSQL through postgres-nio (its only importer).
        .target(
            name: "StorePostgres",
            dependencies: ["Store", "NativeModel", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The one store factory: a path or a postgresql:// URL in, an opened store out; the only target that
        // names the engines (ARCHITECTURE.md, rule 2).
        .target(name: "StoreFactory",
                dependencies: ["Store", "StoreSQLite", "StorePostgres", "NativeModel",
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: swiftSettings),
        // Deterministic synthetic populations and the loader for Samples/.
        .target(name: "PopulationGenerator",
                dependencies: ["Store", "NativeModel", "FHIRModels", "FHIRFormat", "Mapping", "Terminology"],
                swiftSettings: swiftSettings),
        // The Hummingbird application: configuration, routes, errors, native REST API.
        .target(
            name: "GatewayServer",
            dependencies: [
                "NativeModel", "Store", "PopulationGenerator", "FHIRModels", "FHIRFormat", "Interactions",
                "Scoring", "Terminology", "Access", "Auth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "health-gateway",
            dependencies: [
                "GatewayServer", "Store", "StoreFactory", "PopulationGenerator", "Interactions", "FHIRFormat", "FHIRModels",
                "Auth", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // The decoders of client input as fuzz targets (arbitrary bytes in, must return), and their driver.
        .target(name: "FuzzTargets",
                dependencies: ["FHIRFormat", "FHIRModels", "Interactions", "Mapping", "NativeModel", "Search"],
                swiftSettings: swiftSettings),
        .executableTarget(name: "health-gateway-fuzz", dependencies: ["FuzzTargets"], swiftSettings: swiftSettings),

        // Test support: the contract every HealthStore implementation must pass.
        .target(name: "StoreContractKit", dependencies: ["Store", "NativeModel"], path: "Tests/StoreContractKit",
                swiftSettings: swiftSettings),

        // Test support: a store of the engine HEALTH_GATEWAY_TEST_ENGINE names, and the PostgreSQL test cluster.
        .target(name: "StoreTestSupport", dependencies: ["Store", "StoreSQLite", "StorePostgres", "NativeModel",
                                                         .product(name: "Logging", package: "swift-log")],
                path: "Tests/StoreTestSupport", swiftSettings: swiftSettings),

        // Test support: validation of FHIR JSON against the official schema.
        .target(name: "FHIRTestSupport", path: "Tests/FHIRTestSupport", swiftSettings: swiftSettings),

        // Test support: an identity provider that mints good and bad tokens (its own RSA and EC keys).
        .target(name: "AuthTestSupport",
                dependencies: ["Auth", .product(name: "JWTKit", package: "jwt-kit"),
                               .product(name: "CryptoExtras", package: "swift-crypto")],
                path: "Tests/AuthTestSupport", swiftSettings: swiftSettings),

        .testTarget(name: "NativeModelTests", dependencies: ["NativeModel"], swiftSettings: swiftSettings),
        .testTarget(name: "AccessTests", dependencies: ["Access"], swiftSettings: swiftSettings),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Access", "AuthTestSupport", "Store", "StoreTestSupport"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets"], swiftSettings: swiftSettings),
        .testTarget(name: "FHIRModelsTests", dependencies: ["FHIRModels"], swiftSettings: swiftSettings),
        .testTarget(name: "FHIRFormatTests", dependencies: ["FHIRFormat", "FHIRModels"], swiftSettings: swiftSettings),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Store", "StoreSQLite", "NativeModel", "Terminology"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "SearchTests", dependencies: ["Search", "Mapping", "Store", "NativeModel", "Terminology"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "TerminologyTests", dependencies: ["Terminology", "FHIRTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StoreSQLiteTests",
            dependencies: ["StoreSQLite", "StoreContractKit", "Store", "NativeModel",
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StorePostgresTests",
            dependencies: ["StorePostgres", "StoreContractKit", "StoreTestSupport", "Store", "NativeModel",
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PopulationGeneratorTests",
            dependencies: ["PopulationGenerator", "StoreSQLite", "Store", "NativeModel", "FHIRModels", "FHIRFormat", "Mapping",
                           "FHIRTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatewayServerTests",
            dependencies: [
                "GatewayServer", "StoreSQLite", "StoreFactory", "StoreTestSupport", "Store", "NativeModel", "PopulationGenerator",
                "FHIRTestSupport", "Interactions",
                "Mapping", "Terminology", "Access", "Auth", "AuthTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HealthGatewayCLITests",
            dependencies: ["health-gateway", "Interactions", "GatewayServer", "StoreSQLite", "StoreFactory", "StoreTestSupport",
                           "StorePostgres", "Store", "NativeModel",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
    ]
)
