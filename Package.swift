// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cardscan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cardscan", targets: ["cardscan"]),
        .library(name: "CardIngest", targets: ["CardIngest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
    ],
    targets: [
        // MARK: - System libraries (C stays behind these, used only by CardOCR)

        .systemLibrary(name: "CLeptonica", path: "Sources/CLeptonica"),
        .systemLibrary(name: "CTesseract", path: "Sources/CTesseract"),
        // QR codes on cards: Debian's libzbar-dev, read from the preprocessed card image.
        .systemLibrary(name: "CZBar", path: "Sources/CZBar"),
        // HEIC/HEIF photos (iPhones): Debian's libheif-dev.
        .systemLibrary(name: "CHeif", path: "Sources/CHeif"),

        // MARK: - Values shared by every layer (pure Swift, no I/O)

        .target(name: "CardModel"),

        // MARK: - OCR: images, preprocessing, Tesseract (the only module that imports C)

        .target(
            name: "CardOCR",
            dependencies: [
                "CardModel", "CLeptonica", "CTesseract", "CPoppler", "CZBar", "CStderrCapture", "CTIFFVerify", "CHeif",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Library messages: what libjpeg/libpng/libtiff print while a thread decodes

        .target(name: "CStderrCapture"),
        // Damaged TIFF strips: libtiff (Debian's libtiff-dev) decodes each page once to check it.
        .target(name: "CTIFFVerify", linkerSettings: [.linkedLibrary("tiff"), .linkedLibrary("z")]),

        // MARK: - PDF: Debian's poppler-cpp behind a C shim (used only by CardOCR)

        .target(name: "CPoppler", linkerSettings: [.linkedLibrary("poppler-cpp")]),

        // MARK: - Phone numbers: Debian's libphonenumber (C++) behind a C shim

        // libphonenumber alone: `nm -u` on shim.cpp.o (at -O0 and -O2) names no protobuf, ICU or
        // absl symbol, and libphonenumber.so.8 carries its own DT_NEEDED entries for those.
        .target(
            name: "CPhoneNumber",
            linkerSettings: [.linkedLibrary("phonenumber")]
        ),
        .target(name: "CardPhone", dependencies: ["CardModel", "CPhoneNumber"], exclude: ["CardPhone.md"]),

        // MARK: - Extraction: recognized text + layout -> fields (pure Swift)

        .target(name: "CardExtraction", dependencies: ["CardModel"], exclude: ["Extraction.md"]),

        // MARK: - Store: SQLite through GRDB, PostgreSQL through PostgresNIO

        .target(
            name: "CardStore",
            dependencies: [
                "CardModel", "CardPhone",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Store.md"]
        ),

        // MARK: - Sync: contacts to CardDAV address books (URLSession, FoundationXML)

        .target(
            name: "CardSync",
            dependencies: [
                "CardModel", "CardStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Ingest: the pipeline, batch scanning, evaluation, benchmark

        .target(
            name: "CardIngest",
            dependencies: [
                "CardModel", "CardOCR", "CardExtraction", "CardStore", "CardPhone",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Ingest.md", "Watcher.md"]
        ),

        // MARK: - Command line

        .executableTarget(
            name: "cardscan",
            dependencies: [
                "CardIngest", "CardModel", "CardOCR", "CardExtraction", "CardStore", "CardSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Test support and tests

        .target(name: "CardTestSupport", dependencies: ["CardModel", "CardOCR"]),
        .testTarget(name: "CardModelTests", dependencies: ["CardModel"]),
        .testTarget(name: "CardOCRTests", dependencies: ["CardOCR", "CardTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CardPhoneTests", dependencies: ["CardPhone", "CardModel"]),
        .testTarget(name: "CardExtractionTests", dependencies: ["CardExtraction", "CardModel", "CardPhone"]),
        .testTarget(name: "CardStoreTests", dependencies: ["CardStore", "CardModel", "CardTestSupport"]),
        .testTarget(
            name: "CardIngestTests",
            dependencies: [
                "CardIngest", "CardTestSupport", "CardModel", "CardOCR", "CardExtraction", "CardStore", "CardPhone",
            ]
        ),
        .testTarget(name: "CardSyncTests", dependencies: ["CardSync", "CardStore", "CardModel", "CardTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["CardTestSupport", "CardStore", "CardModel"]),
    ]
)
