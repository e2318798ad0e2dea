import Foundation
import Testing

@testable import CardStore

@Suite("Store location")
struct LocationTests {
    @Test(
        "--db beats CARDSCAN_DB beats $XDG_DATA_HOME beats ~/.local/share; empty or relative XDG is ignored")
    func resolutionOrder() {
        let env = ["CARDSCAN_DB": "/env/db.sqlite", "XDG_DATA_HOME": "/xdg", "HOME": "/home/u"]
        #expect(
            StoreLocation.databaseURL(explicit: "/flag/x.sqlite", environment: env).path == "/flag/x.sqlite")
        #expect(StoreLocation.databaseURL(explicit: nil, environment: env).path == "/env/db.sqlite")
        var noDB = env
        noDB["CARDSCAN_DB"] = ""
        #expect(
            StoreLocation.databaseURL(explicit: nil, environment: noDB).path
                == "/xdg/cardscan/cardscan.sqlite")
        noDB["XDG_DATA_HOME"] = "relative/path"
        #expect(
            StoreLocation.databaseURL(explicit: nil, environment: noDB).path
                == "/home/u/.local/share/cardscan/cardscan.sqlite")
        #expect(
            StoreLocation.imagesDirectory(forDatabase: URL(fileURLWithPath: "/a/cardscan.sqlite")).path
                == "/a/cardscan-images")
    }

    @Test("A relative --db is taken from the current folder")
    func relativePath() {
        let url = StoreLocation.databaseURL(explicit: "stores/x.sqlite", environment: [:])
        #expect(url.path == FileManager.default.currentDirectoryPath + "/stores/x.sqlite")
    }
}
