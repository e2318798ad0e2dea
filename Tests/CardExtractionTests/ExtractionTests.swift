@testable import CardExtraction
import CardModel
import CardPhone
import Testing

// MARK: - Names

struct NameCase: Sendable, CustomStringConvertible {
    var text: String
    var name: String?
    var description: String { text.split(separator: "\n").first.map(String.init) ?? "" }
}

/// Protects name finding on literal OCR text: affixes kept, particles, capitals, junk logo lines,
/// "Name | Title" split, OCR-split words, company-only cards without an invented person.
@Test(arguments: [
    NameCase(
        text: "Vv\nJane Doe\nSenior Product Manager\nAcme Robotics Inc.\njane.doe@acme.com", name: "Jane Doe"),
    NameCase(
        text: "Dr. Anne-Sophie Moreau, PhD\nHead of Research\nLumen Labs SAS\na.moreau@lumen.fr",
        name: "Dr. Anne-Sophie Moreau, PhD"),
    NameCase(text: "Daan de Vries\nLead UX Designer\nNorthwind Software N.V.", name: "Daan de Vries"),
    NameCase(
        text: "LUIS BRANDAO\nBusiness Development Manager\nRedwood Engineering Ltda.", name: "LUIS BRANDAO"),
    NameCase(
        text: "Lakshmi Reddy | Project Manager\nMeridian Ltd.\nlakshmi@meridian.com", name: "Lakshmi Reddy"),
    NameCase(text: "Arj un Patel\nPartner\narjun.patel@silverline.co.in", name: "Arjun Patel"),
    NameCase(
        text: "TANAKA Yuki\nProject Manager\nSakura Systems K.K.\ny.tanaka@sakura.co.jp", name: "TANAKA Yuki"),
    NameCase(
        text: "ZHANG Jun, P.Eng.\nProject Manager\nJuniper Pty. Ltd.\nj.zhang@juniper.io",
        name: "ZHANG Jun, P.Eng."),
    NameCase(text: "Xiu Zha NG\nProduct Manager\nxiu.zhang@lotus.cn", name: "Xiu Zhang"),
    NameCase(text: "Emily C arter\nApprentice\nAcme Widgets Ltd", name: "Emily Carter"),
    NameCase(text: "Derya KOÇ\nSatış Müdürü\nRimo Lojistik A.Ş.\nderya@rimo.com.tr", name: "Derya KOÇ"),
    // A surname in spaced capitals split by OCR; two known names in capitals stay two words.
    NameCase(text: "Özlem ARS LAN\nSatış Müdürü\nRimo Lojistik A.Ş.\nozlem@rimo.com.tr", name: "Özlem ARSLAN"),
    NameCase(text: "Kaori FUJ ITA\nSales Manager\nHokuto Co., Ltd.", name: "Kaori FUJITA"),
    // A given name so split too.
    NameCase(text: "BU RAK KURT\nSatış Müdürü\nRimo Lojistik A.Ş.\nburak@rimo.com.tr", name: "BURAK KURT"),
    NameCase(text: "JOHN SMITH\nSales Manager\nAcme Widgets Ltd", name: "JOHN SMITH"),
    NameCase(text: "Tom Baker MD\nPhysician\nBaker Clinic LLC", name: "Tom Baker MD"),
    NameCase(
        text: "Prof. Dr. Sabine Keller MBA\nGeschäftsführerin\nRheinwerk Technik GmbH",
        name: "Prof. Dr. Sabine Keller MBA"),
    NameCase(
        text: "Northwind Traders GmbH\nT: +49 30 23125123\ninfo@northwind.de\nwww.northwind.de", name: nil),
    NameCase(text: "Orchard Analytics LLC\nData you can trust\ncontact@orchard-analytics.com", name: nil),
])
func findsTheName(_ c: NameCase) {
    #expect(extract(c.text).name?.value == c.name)
}

/// Protects the layout rule from OCR_FACTS: the tallest non-junk line is the name, even when
/// the text alone would not say so (no given-name hit, title-less card).
@Test func tallestLineIsTheName() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("Vv", y: 20, height: 90),  // logo read as junk: taller, but ignored
            line("Keystone Partners", y: 140, height: 30),
            line("Okonkwo Adebayo", y: 200, height: 60),
            line("okonkwo@keystonepartners.co", y: 300, height: 22),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.name?.value == "Okonkwo Adebayo")
    #expect(fields.company?.value == "Keystone Partners")
}

/// An Indonesian degree after the name ("S.E.") marks the line as a person's like PhD or MBA do:
/// a name in the card's lower third, below its contact lines and a larger wordmark, is still the
/// name.
@Test func indonesianDegreeMarksTheName() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("Zomiel", y: 20, height: 50),
            line("Zomiel Travel", y: 80, height: 18),
            line("0812 1177 7454", y: 110, height: 17),
            line("akusuma@zomiel.co.id", y: 140, height: 20),
            line("https://www.zomiel.co.id", y: 170, height: 19),
            line("Andi Kusuma, S.E.", y: 400, height: 33),
            line("Jl. Basuki Rahmat Kav. 4", y: 450, height: 18),
            line("Manajer Pemasaran", y: 480, height: 19),
            line("Surabaya 60520", y: 510, height: 19),
        ])
    #expect(extractor.extract(from: page).name?.value == "Andi Kusuma, S.E.")
}

/// Protects against a company line being taken for the name when it is printed largest and the
/// person's line is smaller but matches the email.
@Test func emailLocalPartBeatsHeightForTheName() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("BRIGHTPATH MEDIA", y: 20, height: 70),
            line("Tomasz Wiśniewski", y: 120, height: 40),
            line("Account Executive", y: 170, height: 24),
            line("t.wisniewski@brightpath.pl", y: 300, height: 22),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.name?.value == "Tomasz Wiśniewski")
    #expect(fields.company?.value == "BRIGHTPATH MEDIA")
    #expect(fields.title?.value == "Account Executive")
}

// MARK: - Titles, departments, companies

struct FieldCase: Sendable, CustomStringConvertible {
    var text: String
    var title: String?
    var department: String?
    var company: String?
    var description: String { text.replacingOccurrences(of: "\n", with: " / ") }
}

/// Protects multi-line titles (joined with a space), departments told from titles, legal forms
/// and domain resemblance for companies, and taglines that are no field.
@Test(arguments: [
    FieldCase(
        text: "Customer Service\nMaria Lopez\nAccount Manager\nHarbor Freight S.L.",
        title: "Account Manager", department: "Customer Service", company: "Harbor Freight S.L."),
    FieldCase(
        text: "Jane Doe\nSenior Product Manager\nCloud & AI Department\nACME Robotics Inc.",
        title: "Senior Product Manager", department: "Cloud & AI Department", company: "ACME Robotics Inc."),
    FieldCase(
        text: "Amara Eze\nHead of Research &\nDevelopment, Europe\nRedwood Foods Limited",
        title: "Head of Research & Development, Europe", department: nil, company: "Redwood Foods Limited"),
    // A firm named as its e-mail is spelled: the line above its legal form begins its name.
    FieldCase(
        text: "Rahul Verma\nProprietor\nShree Ganesh\nTextiles Pvt. Ltd.\nshreeganesh@gmail.com",
        title: "Proprietor", department: nil, company: "Shree Ganesh Textiles Pvt. Ltd."),
    // A seniority on the line above the role begins the title.
    FieldCase(
        text: "Rahul Verma\nSENIOR SALES\nMANAGER\nABC Industries Pvt. Ltd.\nrahul@abc-industries.com",
        title: "SENIOR SALES MANAGER", department: nil, company: "ABC Industries Pvt. Ltd."),
    FieldCase(
        text: "Aditya Patel\nSenior Vice President\nGlobal Operations\nKeystone Partners LLP",
        title: "Senior Vice President Global Operations", department: nil, company: "Keystone Partners LLP"),
    FieldCase(
        text: "Ananya Nair\nArt Director\nInvestor Relations\nAurora, Inc.", title: "Art Director",
        department: "Investor Relations", company: "Aurora, Inc."),
    FieldCase(
        text: "Mark Lewis\nAccount Manager\nMarketing Dept.\nBlue Harbor Pty Ltd", title: "Account Manager",
        department: "Marketing Dept.", company: "Blue Harbor Pty Ltd"),
    FieldCase(
        text: "Lena Fischer\nSenior Scientist\nResearch & Development\nHelix Biotech AG",
        title: "Senior Scientist", department: "Research & Development", company: "Helix Biotech AG"),
    FieldCase(
        text: "Ravi Kumar\nPrincipal Engineer\nCloud Infrastructure &\nPlatform Department\nLotus Ltd.",
        title: "Principal Engineer", department: "Cloud Infrastructure & Platform Department",
        company: "Lotus Ltd."),
    FieldCase(text: "王伟\n销售经理\n市场部\n深圳华信科技有限公司", title: "销售经理", department: "市场部", company: "深圳华信科技有限公司"),
    // Units printed one under the other are one department; 部門 and 群組 are unit words.
    FieldCase(
        text: "南 実玖\nサービス部\nネットワークサービス部門\nNTTリミテッド・ジャパン株式会社", title: nil,
        department: "サービス部 ネットワークサービス部門", company: "NTTリミテッド・ジャパン株式会社"),
    FieldCase(text: "陳大文\n總監\n電子群組\n香港科技園公司", title: "總監", department: "電子群組", company: "香港科技園公司"),
    // Small businesses named by their trade, without a legal form or a domain of their own.
    FieldCase(
        text: "Quillon Vasquez-Thorne\nMassage Therapist\nSerenity Wellness\n(555) 777-1212\n"
            + "qvt.massage@gmail.com",
        title: "Massage Therapist", department: nil, company: "Serenity Wellness"),
    FieldCase(
        text: "Big Jim's Auto Repair\nJim Kowalski\nOwner\n(555) 999-0000\n1234 Industrial Blvd\n"
            + "Detroit, MI 48201",
        title: "Owner", department: nil, company: "Big Jim's Auto Repair"),
    FieldCase(
        text: "Thaddeus Okonjo-Breckenridge\nSenior Pastor\nGrace Community Church\npastor@gracecc.org",
        title: "Senior Pastor", department: nil, company: "Grace Community Church"),
    // "& Co-Founder" is a role, not the legal form "& Co.".
    FieldCase(
        text: "Northwind Traders Ltd.\nJordan Avery\nManaging Director & Co-Founder\njordan@northwind.com",
        title: "Managing Director & Co-Founder", department: nil, company: "Northwind Traders Ltd."),
    FieldCase(
        text: "Jordan Avery\nPartner\nAvery & Co.\njordan@averyco.com", title: "Partner", department: nil,
        company: "Avery & Co."),
    // "San. ve Tic. A.Ş." (Sanayi ve Ticaret) is one legal form: its lower-case "ve" after a
    // surname ("Yılmaz") does not part a name from a misread rest there.
    FieldCase(
        text: "Ayşe YILMAZ\nGenel Müdür\nYılmaz Tekstil San. ve Tic. A.Ş.\nayse@yilmaztekstil.com.tr",
        title: "Genel Müdür", department: nil, company: "Yılmaz Tekstil San. ve Tic. A.Ş."),
    // Taiwanese sole proprietorships and partnerships are registered as 企業社 or 商行.
    FieldCase(text: "張冠宇\n業務專員\n鴻遠電子企業社", title: "業務專員", department: nil, company: "鴻遠電子企業社"),
    FieldCase(text: "林美玲\n店長\n全興五金商行", title: "店長", department: nil, company: "全興五金商行"),
    FieldCase(
        text: "Maria Lopez\nRisk Analyst\nGroup Treasury Department\nMarket Risk Section\nLotus Ltd.",
        title: "Risk Analyst", department: "Group Treasury Department Market Risk Section",
        company: "Lotus Ltd."),
    // A subject's laboratory under a title is a unit; a national laboratory is the institution.
    FieldCase(
        text: "Ngozi Dlamini\nStaff Scientist\nPediatrics Laboratory\nArne Research Institute\n"
            + "nd@arne.edu.au",
        title: "Staff Scientist", department: "Pediatrics Laboratory", company: "Arne Research Institute"),
    FieldCase(
        text: "Ngozi Dlamini\nStaff Scientist\nIxrari National Laboratory\nndlamini@ixrari.gov",
        title: "Staff Scientist", department: nil, company: "Ixrari National Laboratory"),
    // Trade words of the cards' languages name a firm ("Consultoria", "Eletrônica").
    FieldCase(
        text: "TOOL CONSULTORIA\nLeandro Correia Almeida\nDiretora Administrativa\n11 2690-9012",
        title: "Diretora Administrativa", department: nil, company: "TOOL CONSULTORIA"),
    FieldCase(
        text: "ELETRÔNICA VAVI\nRua Voluntários da Pátria, 2056\n31 3190-3309\ncontato90@correio.net.br",
        title: nil, department: nil, company: "ELETRÔNICA VAVI"),
    FieldCase(
        text: "Prakash Kumar\nSr. Executive - Marketing\nRetail Banking\nBelsu Consultants Ltd.",
        title: "Sr. Executive - Marketing", department: "Retail Banking", company: "Belsu Consultants Ltd."),
    // So are business functions one under the other, in one type.
    FieldCase(
        text: "Rahul Verma\nDeputy General Manager\nCorporate Communications\nInvestor Relations\n"
            + "ABC Industries Pvt. Ltd.",
        title: "Deputy General Manager", department: "Corporate Communications Investor Relations",
        company: "ABC Industries Pvt. Ltd."),
    // A unit's name may hold a street word ("Business Unit", "Center for ..."): with no number
    // it is still a unit.
    FieldCase(
        text: "Hanako Suzuki\nAssistant Manager\nSmart Energy Business Unit\nEnergy Systems Division\n"
            + "Orbit Electric Corporation",
        title: "Assistant Manager", department: "Smart Energy Business Unit Energy Systems Division",
        company: "Orbit Electric Corporation"),
    FieldCase(
        text: "Kenji Sato\nProject Manager\nSakura Systems K.K.\nk.sato@sakura-systems.jp",
        title: "Project Manager", department: nil, company: "Sakura Systems K.K."),
    FieldCase(
        text: "Peter Brandt\nSteuerberater\nAurora Design GmbH\np.brandt@aurora-design.de",
        title: "Steuerberater", department: nil, company: "Aurora Design GmbH"),
    // German compounds by their last part: -bearbeiterin, -mitarbeiter (title-words [suffix]).
    FieldCase(
        text: "Jürgen Hoffmann\nSachbearbeiterin\nHoffmann Maschinenbau GmbH\nj.hoffmann@hoffmann-mb.de",
        title: "Sachbearbeiterin", department: nil, company: "Hoffmann Maschinenbau GmbH"),
    FieldCase(
        text: "Jürgen Hoffmann\nAußendienstmitarbeiter\nHoffmann Maschinenbau GmbH\n"
            + "j.hoffmann@hoffmann-mb.de",
        title: "Außendienstmitarbeiter", department: nil, company: "Hoffmann Maschinenbau GmbH"),
    // Medical specialists and media roles by their ending (-logist, -ician, -iatrist, -odontist,
    // -grapher: title-words [suffix]).
    FieldCase(
        text: "Dr. Priya Raman\nGynaecologist\nLotus Care Clinic\n+91 98400 12345\npriya@lotuscare.in",
        title: "Gynaecologist", department: nil, company: "Lotus Care Clinic"),
    FieldCase(
        text: "Dr. Priya Raman\nPhysiatrist\nLotus Care Clinic\n+91 98400 12345\npriya@lotuscare.in",
        title: "Physiatrist", department: nil, company: "Lotus Care Clinic"),
    // Small firms without an e-mail named by their kind of business (company-words).
    FieldCase(
        text: "Olympia Fish & Chips\nNikos Pappas\nOwner\n27 Harbour Road, Whitby YO21 3PU\n01947 600 123",
        title: "Owner", department: nil, company: "Olympia Fish & Chips"),
    FieldCase(
        text: "Stone Hill Vineyards\nAnna Berg\nWinemaker\n5500 Vineyard Road, Napa, CA 94558\n"
            + "(707) 555-0123",
        title: "Winemaker", department: nil, company: "Stone Hill Vineyards"),
    // A Brazilian shop named by its kind of business, no legal form, no e-mail (company-words).
    FieldCase(
        text: "Ótica Bela Vista\nÓculos e lentes de contato\nAv. Itaquera, 2994 - Jd. Fernandes - SP\n"
            + "3569-6905",
        title: nil, department: nil, company: "Ótica Bela Vista"),
    FieldCase(
        text: "Sara Holm\nSoftware Engineer\nFjordlight\nsara@fjordlight.no\nwww.fjordlight.no",
        title: "Software Engineer", department: nil, company: "Fjordlight"),
    FieldCase(
        text: "Omar Haddad\nLogistics Coordinator\nEngineering better logistics\nCedar Freight S.A.",
        title: "Logistics Coordinator", department: nil, company: "Cedar Freight S.A."),
    FieldCase(
        text: "Suresh Menon\nAsst. Mgr.\nKaveri Textiles Pvt. Ltd.\nsuresh@kaveritextiles.in",
        title: "Asst. Mgr.", department: nil, company: "Kaveri Textiles Pvt. Ltd."),
    FieldCase(
        text: "Rolf Becker\nTechnical Director\nMAPS Group of Companies\nrolf@maps-geo.com",
        title: "Technical Director", department: nil, company: "MAPS Group of Companies"),
    FieldCase(
        text: "Dana Whitfield\nRealtor\nHarbor Point Realty LLC\ndana@harborpointrealty.com",
        title: "Realtor", department: nil, company: "Harbor Point Realty LLC"),
])
func findsTitleDepartmentCompany(_ c: FieldCase) {
    let fields = extract(c.text)
    #expect(fields.title?.value == c.title)
    #expect(fields.department?.value == c.department)
    #expect(fields.company?.value == c.company)
}

// MARK: - Phones

struct PhoneCase: Sendable, CustomStringConvertible {
    var text: String
    var phones: [String]  // "e164 kind"
    var languages = "eng"
    var description: String { text.replacingOccurrences(of: "\n", with: " / ") }
}

/// Protects phone finding: labels (glued, full-width, bilingual, on their own), OCR digit
/// confusions, regions inferred from the card, and digit runs that are not phones.
@Test(arguments: [
    PhoneCase(
        text: "Ananya Iyer\nPhone: 022 6611\n5580 Cell: 091510 92202\nMumbai 400073, Maharashtra",
        phones: ["+912266115580 work", "+919151092202 mobile"]),
    // A dash read as a colon and a space between groups (a softened photo: "2681: 7485").
    PhoneCase(
        text: "Jane Doe\nSales Manager\nT (415) 555: 0142\njane@acme.com", phones: ["+14155550142 work"]),
    PhoneCase(
        text: "Jane Doe\nTel:+1 415 555 0100\nM +1 415 555 O199\nFax (415) 555-0142",
        phones: ["+14155550100 work", "+14155550199 mobile", "+14155550142 fax"]),
    PhoneCase(
        text: "Jane Doe\nT +1 415 555 0100 F +1 415 555 0101",
        phones: ["+14155550100 work", "+14155550101 fax"]),
    PhoneCase(
        text: "Max Weber\nTel. 030 23125123\nMobil 0171 2345678\nHauptstraße 12, 10115 Berlin",
        phones: ["+493023125123 work", "+491712345678 mobile"]),
    PhoneCase(
        text: "Ilse Hendriks\nMobile: 06 59355506\nT: 030 286 3875\ninfo@sterling.nl",
        phones: ["+31659355506 mobile", "+31302863875 work"]),
    PhoneCase(
        text: "马强\n电话：+86 20 8758 3829\n手机：13834455899",
        phones: ["+862087583829 work", "+8613834455899 mobile"]),
    PhoneCase(text: "马强\n电话\n020 8758 3829\n地址：广州市天河区天河路119号", phones: ["+862087583829 work"]),
    PhoneCase(
        text: "Sanjay Menon\nM | +91 70339 16112\nTel | +91 11 4184 2702",
        phones: ["+917033916112 mobile", "+911141842702 work"]),
    PhoneCase(
        text: "Lakshmi Reddy\n+44 20 7946 0358\nl.reddy@meridian.co.uk", phones: ["+442079460358 work"]),
    PhoneCase(
        text:
            "Tel +1 (415) 555-0l00\nVAT DE 123456789\n100 Market St, San Francisco, CA 94105-1234\nSince 01.02.1999",
        phones: ["+14155550100 work"]),
    PhoneCase(text: "Claire Martin\nT03 53 01 91 32\nclaire@brightpath.fr", phones: ["+33353019132 work"]),
    PhoneCase(
        text: "JANE DOE\nTEL: +1 415 555 0100\nmobile +1 415 555 0199\nfax. +1 415 555 0142",
        phones: ["+14155550100 work", "+14155550199 mobile", "+14155550142 fax"]),
    PhoneCase(
        text: "Tom Green\nOffice 020 7946 0958\nCell 07700 900123\nLondon EC1A 1BB",
        phones: ["+442079460958 work", "+447700900123 mobile"]),
    PhoneCase(
        text: "Jörg Köhler\nMobile: +49 (0)176 40465892 Tel\n+49 (0)69 90009156",
        phones: ["+4917640465892 mobile", "+496990009156 work"]),
    // A Japanese number in its domestic form on a card read without kana, .jp or +81: Japan,
    // not Germany, whose plan "03-5155-3708" also fits.
    PhoneCase(text: "Tsukasa Kotobuki\nClub B.T.S\nTEL 03-5155-3708", phones: ["+81351553708 work"]),
    PhoneCase(text: "Saito Yuko\n090-2739-0085\ny.kailua@gmail.com", phones: ["+819027390085 mobile"]),
    // Local numbers without an area code keep their printed form and no E.164.
    PhoneCase(
        text: "Ótica da Jô\nAv. Itaquera, 2994 - Jd. Fernandes - SP\n® 97038-8110\ne-mail: jo@hotmail.com",
        phones: ["97038-8110 other"]),
    PhoneCase(
        text: "Auto Peças\ncontato@pecas.com.br\nTel/Fax: 3123-0800", phones: ["3123-0800 work"]),
    PhoneCase(text: "Padaria Central\nRua Boa Vista, 254\nCep 01014-000\n2681-7485", phones: ["2681-7485 other"]),
    // ... nor a Japanese postcode whose 〒 OCR lost.
    PhoneCase(
        text: "狩野 貴大\n330-0854\n埼玉県さいたま市大宮区桜木町2-2-17\nTEL 048-645-0032\nkano@minimini.jp",
        phones: ["+81486450032 work"], languages: "jpn+eng"),
    // ... but not on a card that points nowhere, where such a run may be anything.
    PhoneCase(text: "Jane Doe\nOrder 2681-7485", phones: []),
    // Numbers of an old plan printed with their area code, on a card that points to the region.
    PhoneCase(
        text: "José Carlos\n(11) 9933-6564\nwww.buffet.com.br", phones: ["(11) 9933-6564 other"]),
    PhoneCase(
        text: "D. K. Umak\nScientist\nmpcost@mp.nic.in\n0755 - 554712", phones: ["0755 - 554712 other"]),
    PhoneCase(text: "José Carlos\n(11) 9933-6564", phones: []),
    // Turkish letters (ğ, ı) make a card Turkish: its national numbers parse without +90, and
    // "Cep" before ten digits is a mobile label there, not Brazil's postcode.
    PhoneCase(
        text: "Oğuz Güneş\nGenel Müdür Yardımcısı\n0 (224) 805 53 74\nogunes@zoxa.com",
        phones: ["+902248055374 work"]),
    PhoneCase(
        text: "Ahmet Kaan Şahin\nMali Müşavir\nCep. 0 (533) 010 43 84\nYıldız Mah. Lale Sok. No: 45/18",
        phones: ["+905330104384 mobile"]),
    // Vietnamese letters (ư, ộ, ị ...) make a card Vietnamese.
    PhoneCase(
        text: "Nguyễn Văn Hùng\nGiám Đốc\n028 3822 1234\nSố 12 Lê Lợi, Quận 1, TP. Hồ Chí Minh",
        phones: ["+842838221234 work"]),
    // An academic card's laboratory line, behind an icon read as a letter and an '@'.
    PhoneCase(
        text: "Kwame R. Nkosi\nProfessor Emeritus\n+1 415-555-0199\nỌ@ Lab. +1 415-555-0124\n"
            + "kwame@tito.org",
        phones: ["+14155550199 work", "+14155550124 work"]),
    // Malay and Indonesian labels: "Telp.", "HP" (handphone), "Faks".
    PhoneCase(
        text: "Rizky Saputra\nTelp. (021) 8989 8574\nHP 0812 7073 8254\nFaks (021) 8989 8575\n"
            + "rizky@arlo.co.id",
        phones: ["+622189898574 work", "+6281270738254 mobile", "+622189898575 fax"]),
    // Turkish "Cep" (mobile) labels its number like any label: kept though libphonenumber knows
    // no 0558 range (an OCR slip would look the same).
    PhoneCase(
        text: "Ahmet Kaya\nSatış Müdürü\n0212 147 08 27\nCep: 0558 895 52 34\nahmet@posta.com.tr",
        phones: ["+902121470827 work", "+905588955234 mobile"]),
    // Labels in brackets, as Indian cards print them: office, residence, mobile. A trunk "(0)"
    // after a country code is no label.
    PhoneCase(
        text: "Ravi Kumar\nManager\n(O) 26543210 (R) 26549876\n(M) 98765 43210\nravi@acme.co.in\n"
            + "Mumbai 400001",
        phones: ["26543210 work", "26549876 work", "+919876543210 mobile"]),
])
func findsPhones(_ c: PhoneCase) {
    let phones = extract(c.text, languages: c.languages).phones.map { "\($0.e164 ?? $0.value) \($0.kind)" }
    #expect(phones == c.phones)
}

/// An unlabelled number is typed by its number type, as a reviewer (and the real cards' labels)
/// would: a mobile range is `mobile`, a fixed line `work`; a label still wins; with the option
/// off, unlabelled numbers are `other`.
@Test func unlabelledNumbersAreTypedByTheirNumberType() {
    let text = "Ravi Patel\nManager\n+91 98250 12345\n+91 261 274 0035\nFax: +91 261 274 0036\nravi@patel.in"
    let phones = extract(text).phones.map { "\($0.e164 ?? $0.value) \($0.kind)" }
    #expect(phones == ["+919825012345 mobile", "+912612740035 work", "+912612740036 fax"])
    let cautious = FieldExtractor(
        phoneNumbers: LibPhoneNumber(), options: .init(typeUnlabelledPhonesByNumber: false))
    let other = cautious.extract(from: RecognizedPage.plainText(text, languages: "eng")).phones.map(\.kind)
    #expect(other == [.other, .other, .fax])
}

/// Protects the printed value: as on the card after OCR repair, without the label.
@Test func phoneValueIsPrintedFormWithoutLabel() {
    let phones = extract("Jane Doe\nTel: +1 (415) 555-O100").phones
    #expect(phones.map(\.value) == ["+1 (415) 555-0100"])
}

/// A label OCR misread by one letter still labels a value of its kind: "Moble:" types the
/// number a mobile, "Emall." is no part of the e-mail's local part. A word one letter from a
/// label before some other value ("Handy Lane" is no mobile) stays text.
@Test func labelMisreadByOneLetterStillLabels() {
    let fields = extract("Jane Doe\nMoble: 020 7946 0321\nEmall. jdoe@example.co.uk")
    #expect(fields.phones.map(\.kind) == [.mobile])
    #expect(fields.emails.map(\.value) == ["jdoe@example.co.uk"])
    #expect(Labels.leading("Sandy: Lane 4") == nil)
    // A given name one letter from a label ("Randy" beside "Handy", German for mobile) stays a name.
    #expect(Labels.leading("Randy +1 415 555 0134") == nil)
    #expect(Labels.misreadLabel("emall") == .email)
    #expect(Labels.misreadLabel("webslte") == .web)
    #expect(Labels.misreadLabel("ismail") == nil)
}

/// Protects the region of a Japanese card read with a Chinese model or with few kana: kana on
/// the card make a mobile "090-2739-0085" a Japanese number, not a +86 one.
@Test func kanaMakeHanCardJapaneseForPhones() {
    let fields = extract("整理収納アドバイザー\n齋藤裕子\n090-2739-0085\ny.kailua@gmail.com", languages: "chi_sim+eng")
    #expect(fields.phones.map(\.e164) == ["+819027390085"])
}

/// Protects a Han address from the headings of an office list: "香港" above it and "台灣" below it
/// are places on lines of their own, and the address prints its place inline.
@Test func hanPlaceHeadingsAreNotAddressLines() {
    let fields = extract(
        "李芮明\n產品總監\n(852) 6373 0276\nvicky@sanuker.com\n香港\n香港觀塘偉業街203號同得仕大廈4樓\n台灣",
        languages: "chi_tra+eng")
    #expect(fields.address?.value == "香港觀塘偉業街203號同得仕大廈4樓")
}

/// Protects the first office of a list: the second office's address after its heading ("台灣" /
/// "110台北市...") is not joined onto the first.
@Test func secondOfficeAfterAHanPlaceHeadingIsLeft() {
    let fields = extract(
        "李芮明\n產品總監\nvicky@sanuker.com\n香港\n香港觀塘偉業街203號同得仕大廈4樓\n台灣\n"
            + "110台北市基隆路一段178號7樓",
        languages: "chi_tra+eng")
    #expect(fields.address?.value == "香港觀塘偉業街203號同得仕大廈4樓")
}

/// Protects an address from a web address misread past the website pattern just above it
/// ("www.nakorcom", its dot lost): no postal address line starts with "www" or "http".
@Test func misreadWebLineIsNoAddressLine() {
    // As read from a generated photo (2888-turkish), with its icons: 1600 x 1200 pixels.
    let page = RecognizedPage(
        width: 1600, height: 1200,
        lines: [
            at("Nakor Mimàrlik", 552, 310, 309, 93, 0.75), at("Dr. Selin TEKİN", 518, 414, 382, 77, 0.95),
            at("Chief Sales", 630, 502, 157, 27, 0.96), at("Analyst", 656, 555, 107, 30, 0.96),
            at("‘@ 0212 880 40 33", 591, 617, 240, 29, 0.81),
            at("O +90 543 274 97 68", 577, 663, 275, 29, 0.74),
            at("© selint20@posta.com.tr", 544, 713, 339, 29, 0.58),
            at("® www.nakorcom", 588, 754, 252, 29, 0.71),
            at("Ọ Atatürk Bulvarı No: 89 Kat: 2", 514, 801, 410, 28, 0.9),
            at("34879 Şişli / İstanbul", 581, 847, 271, 34, 0.92),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.address?.value == "Atatürk Bulvarı No: 89 Kat: 2, 34879 Şişli / İstanbul")
    #expect(AddressFinder.opensWebAddress("wwwioanio id"))
    #expect(AddressFinder.opensWebAddress("@ https://acme.com"))
    #expect(!AddressFinder.opensWebAddress("Westwood Plaza, 12 Wwwa Road"))
}

/// Protects a number whose area code OCR parted from it on its row ("(660)" | "562-7967", a
/// softened photo): the bracketed code and the digits beside it are one number; a code with
/// nothing beside it and digits on the line below stay apart.
@Test func bracketedAreaCodeJoinsTheNumberBesideIt() {
    let fields = extract(lines: [
        line("MICHAEL GARD", y: 60, height: 40),
        line("Physical Therapist", y: 120, height: 24),
        line("(660) 562-7908", y: 170, height: 22, x: 40),
        line("(660)", y: 172, height: 20, x: 420),
        line("562-7967", y: 173, height: 20, x: 520),
        line("michael_gard@ssmhc.com", y: 220, height: 22),
    ])
    #expect(fields.phones.map(\.e164) == ["+16605627908", "+16605627967"])
    #expect(Phones.isBracketedAreaCode("(02)"))
    #expect(!Phones.isBracketedAreaCode("(660) 562"))
}

/// Protects type sizes from word boxes Tesseract grew into the line above (issue 9, a generated
/// card's "ASSISTANT" and "BUSINESS" 37 px tall on a line 21 px tall, under a name's descenders):
/// words are measured within their line's box, so the wrapped role line below ("MANAGER", 21 px)
/// is in the same type and continues the title. A line box under half a word's height is the
/// misreading, and its words keep their boxes.
@Test func wordsAreMeasuredWithinTheirLine() {
    func line(_ box: PixelBox, _ words: [RecognizedWord]) -> RecognizedLine {
        RecognizedLine(
            text: words.map(\.text).joined(separator: " "), box: box, confidence: 0.96, words: words)
    }
    let grown = line(
        PixelBox(x: 222, y: 311, width: 559, height: 21),
        [
            word("ASSISTANT", 222, 307, 158, 37), word("BUSINESS", 396, 307, 149, 37),
            word("DEVELOPMENT", 562, 311, 219, 21),
        ])
    #expect(Segment.wordsWithinLine(grown).words.map(\.box.height) == [21, 21, 21])
    #expect(Segment.wordsWithinLine(grown).words.map(\.box.y) == [311, 311, 311])
    let thin = line(
        PixelBox(x: 966, y: 682, width: 70, height: 1), [word("XE", 966, 670, 30, 20), word("Là", 1000, 670, 36, 20)])
    #expect(Segment.wordsWithinLine(thin) == thin)
    let page = RecognizedPage(
        width: 1004, height: 650,
        lines: [
            line(PixelBox(x: 334, y: 73, width: 331, height: 63), [word("Tolenvel", 334, 73, 331, 63)]),
            line(
                PixelBox(x: 336, y: 168, width: 332, height: 29),
                [word("Tolenvel", 336, 168, 156, 29), word("Mimarlık", 509, 168, 159, 29)]),
            line(
                PixelBox(x: 305, y: 243, width: 395, height: 55),
                [word("Zeynep", 305, 245, 202, 53), word("Aksoy", 526, 243, 174, 55)]),
            grown,
            line(PixelBox(x: 428, y: 353, width: 148, height: 21), [word("MANAGER", 428, 353, 148, 21)]),
            line(
                PixelBox(x: 365, y: 442, width: 273, height: 22),
                [word("zaksoy@tolenvel.com.tr", 365, 442, 273, 22)]),
        ])
    #expect(extractor.extract(from: page).title?.value == "ASSISTANT BUSINESS DEVELOPMENT MANAGER")
}

/// Protects lines read across two columns (issue 9, a generated Japanese card read in romaji): the
/// title on the left and the address's last line on the right come apart at a gap of an em or
/// more where another line of the card starts; a wide gap without such a column, or with one word
/// on a side (a surname and given name set apart), keeps the line whole.
@Test func aLineAcrossTwoColumnsIsTwoPieces() {
    let across = line(of: [
        word("Manager,", 60, 566, 103, 23), word("Overseas", 171, 566, 102, 17),
        word("Sales", 281, 565, 56, 18), word("Department", 345, 566, 137, 23),
        word("Tokyo,", 506, 567, 67, 22), word("Japan", 580, 568, 60, 21),
    ])
    let street = line(of: [word("1-10-25", 508, 530, 90, 22), word("Shibuya,", 606, 530, 100, 22)])
    #expect(
        Segment.separatingColumns(across, among: [street, across])
            == "Manager, Overseas Sales Department | Tokyo, Japan")
    #expect(Segment.separatingColumns(across, among: [across]) == nil)
    let name = line(of: [word("Ryo", 60, 510, 80, 24), word("Matsumoto", 170, 510, 200, 24)])
    #expect(Segment.separatingColumns(name, among: [street, name]) == nil)
    let page = RecognizedPage(
        width: 1075, height: 650,
        lines: [
            line(of: [word("Aoba", 59, 70, 85, 25)]),
            line(of: [word("Systems", 60, 124, 110, 31), word("Inc.", 180, 124, 82, 31)]),
            line(of: [word("ryo.matsumoto@aoba.jp", 507, 405, 339, 22)]),
            line(of: [word("〒150-0002", 509, 494, 111, 17)]),
            line(of: [word("Ryo", 60, 510, 80, 39), word("Matsumoto", 150, 510, 222, 39)]), street, across,
        ])
    #expect(extractor.extract(from: page).title?.value == "Manager, Overseas Sales Department")
}

/// A narrow gutter is a column's too when two lines nearby start exactly where the words after
/// it start (generated: the company on the left run up to the title under the name on the right,
/// "Loneol National Laboratory Assistant Professor"). One aligned line, or a gap no wider than
/// the line's word spaces, keeps the line whole.
@Test func aNarrowGutterBeforeAnAlignedColumnParts() {
    let across = line(of: [
        word("Loneol", 55, 161, 108, 22), word("National", 176, 161, 138, 22),
        word("Laboratory", 326, 160, 177, 28), word("Assistant", 524, 156, 110, 19),
        word("Professor", 643, 155, 114, 19),
    ])
    let name = line(of: [word("Daniel", 525, 109, 128, 28), word("Ashworth", 719, 108, 188, 29)])
    let unit = line(of: [word("Corporate", 525, 191, 106, 19), word("Communications", 639, 190, 176, 16)])
    #expect(
        Segment.separatingColumns(across, among: [name, across, unit])
            == "Loneol National Laboratory | Assistant Professor")
    #expect(Segment.separatingColumns(across, among: [name, across]) == nil)
    let spaced = line(of: [
        word("Loneol", 55, 161, 108, 22), word("National", 176, 161, 138, 22),
        word("Laboratory", 326, 160, 177, 28), word("Assistant", 512, 156, 110, 19),
        word("Professor", 631, 155, 114, 19),
    ])
    let nameAbove = line(of: [word("Daniel", 513, 109, 128, 28), word("Ashworth", 707, 108, 188, 29)])
    let unitBelow = line(of: [
        word("Corporate", 513, 191, 106, 19), word("Communications", 627, 190, 176, 16),
    ])
    #expect(Segment.separatingColumns(spaced, among: [nameAbove, spaced, unitBelow]) == nil)
}

/// A company and the name printed beside it a little higher, read as one line (generated:
/// "Bello Robotics Pty Ltd Nadia Yılmaz"): words whose boxes share under half the smaller
/// height sit on two rows, so the line is two pieces. Words of one row keep it whole: a
/// descender, a superscript ordinal or a taller capital shares most of its height.
@Test func wordsOnTwoRowsReadAsOneLineArePieces() {
    let merged = line(of: [
        word("Bello", 61, 169, 91, 28), word("Robotics", 167, 169, 162, 28), word("Pty", 345, 170, 57, 35),
        word("Ltd", 416, 169, 55, 28), word("Nadia", 505, 148, 120, 33), word("Yılmaz", 637, 148, 140, 33),
    ])
    #expect(Segment.separatingRows(merged) == "Bello Robotics Pty Ltd | Nadia Yılmaz")
    let page = RecognizedPage(
        width: 1004, height: 650,
        lines: [
            merged,
            line(of: [word("Asst.Executive-Sales", 502, 203, 253, 20)]),
            line(of: [
                word("(08)", 502, 447, 50, 24), word("7010", 560, 447, 60, 24),
                word("8593", 630, 447, 60, 24),
            ]),
            line(of: [word("nadia@bello.com.au", 501, 557, 270, 23)]),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.company?.value == "Bello Robotics Pty Ltd")
    #expect(fields.name?.value == "Nadia Yılmaz")
    #expect(
        Segment.separatingRows(
            line(of: [word("16", 0, 10, 30, 30), word("th", 32, 8, 18, 16), word("Floor,", 60, 10, 90, 30),
                word("Happy", 160, 10, 90, 38)])) == nil)
}

/// Protects a name with a phone printed beside it in smaller type, read as one line (a
/// generated photo: "Leandro Moura s81 98381-3575"): the name is a piece of its own. A number in
/// the words' own type ("Suite 2100 ..."), an e-mail split by OCR and a label before the number
/// keep their places.
@Test func nameBesideASmallerPhoneIsItsOwnPiece() {
    func word(_ text: String, _ x: Int, _ y: Int, _ w: Int, _ h: Int) -> RecognizedWord {
        RecognizedWord(text: text, box: PixelBox(x: x, y: y, width: w, height: h), confidence: 0.9)
    }
    func line(_ words: [RecognizedWord]) -> RecognizedLine {
        let x = words.map(\.box.x).min()!
        let y = words.map(\.box.y).min()!
        let maxX = words.map(\.box.maxX).max()!
        let maxY = words.map(\.box.maxY).max()!
        return RecognizedLine(
            text: words.map(\.text).joined(separator: " "),
            box: PixelBox(x: x, y: y, width: maxX - x, height: maxY - y), confidence: 0.9, words: words)
    }
    let page = RecognizedPage(
        width: 1600, height: 1200,
        lines: [
            line([word("Veldor", 380, 309, 115, 30)]),
            line([word("Tecnologia", 378, 358, 189, 37), word("Ltda.", 581, 364, 86, 29)]),
            line([
                word("Leandro", 379, 502, 206, 41), word("Moura", 607, 507, 154, 40),
                word("s81", 790, 526, 30, 23), word("98381-3575", 833, 527, 155, 26),
            ]),
            line([
                word("Analista", 374, 564, 111, 25), word("de", 495, 566, 34, 24),
                word("Sistemas", 539, 567, 122, 26),
            ]),
            line([word("leandro@veldor.com.br", 411, 699, 293, 28)]),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.name?.value == "Leandro Moura")
    #expect(fields.title?.value == "Analista de Sistemas")
    let similar = 0.743...1.346
    func split(_ words: [RecognizedWord]) -> String? {
        Segment.separatingTypeChange(line(words), similarType: similar)
    }
    #expect(
        split([word("NAKAMURA", 0, 0, 200, 40), word("Emi", 210, 0, 80, 40), word("T", 300, 10, 12, 20),
            word("+81", 320, 10, 40, 20), word("75-627-0294", 370, 10, 150, 20)])
            == "NAKAMURA Emi | T +81 75-627-0294")
    #expect(
        split([word("Rua", 0, 0, 60, 30), word("Augusta,", 70, 0, 150, 36), word("1590", 230, 0, 80, 26)])
            == nil)
    #expect(
        split([word("vikram_baner", 0, 0, 200, 40), word("jee@kaveri.in", 210, 10, 200, 20)]) == nil)
    // A phone icon read as marks before the number, as tall as the name, is no part of its measure
    // (generated: "Tatiane G. Moura a9)» 8509-9374").
    #expect(
        split([word("Tatiane", 60, 255, 200, 42), word("G.", 270, 255, 40, 40), word("Moura", 320, 256, 160, 41),
            word("a9)»", 520, 255, 60, 42), word("8509-9374", 600, 268, 220, 26)])
            == "Tatiane G. Moura | a9)» 8509-9374")
}

/// Protects the company on the first line when one company word is all its evidence ("Kanava
/// Studio"): the hand-set weights score such a line exactly at the threshold, and the fitted
/// `company.first_line` breaks the tie for the card's first line only.
@Test func firstLineWithOneCompanyWordIsTheCompany() {
    // As read from a generated card (2682-global), 1004 x 650 pixels.
    let page = RecognizedPage(
        width: 1004, height: 650,
        lines: [
            at("Kanava Studio", 59, 71, 312, 33), at("Ethan Whitaker", 60, 200, 415, 40),
            at("Teacher", 58, 272, 109, 22), at("0113 496 0892", 60, 378, 187, 17),
            at("ethanw98@inbox-mail.co.uk", 60, 453, 338, 21), at("48 Princes Street", 58, 529, 183, 18),
            at("Leeds LS1 3PE", 59, 567, 155, 18),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.company?.value == "Kanava Studio")
    #expect(fields.name?.value == "Ethan Whitaker")
}

/// Protects post-nominals in brackets after a name ("Chinedu Abubakar (M.Sc., PMP)"): the line
/// is still name-shaped, and the name keeps them as printed.
@Test func bracketedPostNominalsKeepANameShaped() {
    let fields = extract(lines: [
        line("Dorar Holdings Ltd", y: 40, height: 24),
        line("Chinedu Abubakar (M.Sc., PMP)", y: 120, height: 40),
        line("Project Manager", y: 180, height: 22),
        line("+234 803 555 0199", y: 300, height: 18),
        line("chinedu@dorar.com", y: 330, height: 18),
    ])
    #expect(fields.name?.value == "Chinedu Abubakar (M.Sc., PMP)")
    #expect(features([line("Chinedu Abubakar (M.Sc., PMP)", y: 120, height: 40)])["name_shaped"] == 1)
    #expect(features([line("Chinedu Abubakar (Lagos Office)", y: 120, height: 40)])["name_shaped"] == nil)
}

// MARK: - Emails and websites

/// Protects an e-mail address OCR read as two pieces on its row ("harutoy88@" and
/// ")mailbox.ne.jp", "takeshi.saito@belri." and ".ac.uk"): one address, and no website of its
/// domain.
@Test func emailSplitOnItsRowIsOneAddress() {
    let fields = extract(lines: [
        line("Haruto Yamamoto", y: 60, height: 40),
        line("Sales Manager", y: 120, height: 24),
        line("harutoy88@", y: 300, height: 20, x: 100),
        line(")mailbox.ne.jp", y: 300, height: 20, x: 220),
        line("takeshi.saito@belri.", y: 340, height: 18, x: 100),
        line(".ac.uk", y: 340, height: 16, x: 300),
    ])
    #expect(fields.emails.map(\.value) == ["harutoy88@mailbox.ne.jp", "takeshi.saito@belri.ac.uk"])
    #expect(fields.websites.isEmpty)
}

struct ContactCase: Sendable, CustomStringConvertible {
    var line: String
    var emails: [String]
    var websites: [String]
    var description: String { line }
}

/// Protects email and website repair: spaces around '@' and dots, "(at)", glued labels,
/// trailing punctuation, '|' or '1' read for 'l', clipped schemes and misread "www".
@Test(arguments: [
    ContactCase(line: "jane . doe @ acme . com", emails: ["jane.doe@acme.com"], websites: []),
    ContactCase(line: "E-mail: e.reynolds@aurora.com", emails: ["e.reynolds@aurora.com"], websites: []),
    ContactCase(line: "e.nakamura@sakura.com", emails: ["e.nakamura@sakura.com"], websites: []),
    ContactCase(line: "W www-.solanadiseno.com", emails: [], websites: ["www.solanadiseno.com"]),
    ContactCase(line: "https://www.,juniper.com.au", emails: [], websites: ["https://www.juniper.com.au"]),
    ContactCase(line: "https ://keystone .com", emails: [], websites: ["https://keystone.com"]),
    ContactCase(line: "meridian .com.br", emails: [], websites: ["meridian.com.br"]),
    ContactCase(line: "‘www. juniper.com", emails: [], websites: ["www.juniper.com"]),
    ContactCase(
        line: "E-mail. contact@quantumhealth.n! W. https://quantumhealth.n!",
        emails: ["contact@quantumhealth.nl"], websites: ["https://quantumhealth.nl"]),
    ContactCase(line: "Emailjane@x-ray.com", emails: ["jane@x-ray.com"], websites: []),
    ContactCase(line: "Email id kong@dorru.my", emails: ["kong@dorru.my"], websites: []),
    // Any top-level domain of the root zone after a scheme, www or a web label; without them
    // only the short list ("Pvt.Ltd" is no website although .ltd exists).
    ContactCase(line: "https://startups.aws", emails: [], websites: ["https://startups.aws"]),
    ContactCase(line: "www.kyoto.travel", emails: [], websites: ["www.kyoto.travel"]),
    ContactCase(line: "Web: aozora.ventures", emails: [], websites: ["aozora.ventures"]),
    ContactCase(line: "Kaveri Exports Pvt.Ltd", emails: [], websites: []),
    ContactCase(line: "startups.aws", emails: [], websites: []),
    // A label that is no top-level domain, one letter off com/net/org, is that one; real
    // TLDs near them stay, and a lost dot before a country code is mended first.
    ContactCase(
        line: "http://facebook.cony/putrajaya", emails: [], websites: ["http://facebook.com/putrajaya"]),
    ContactCase(line: "jane@acme.con", emails: ["jane@acme.com"], websites: []),
    ContactCase(line: "www.acme.coop", emails: [], websites: ["www.acme.coop"]),
    ContactCase(line: "kenji@star.cojp", emails: ["kenji@star.co.jp"], websites: []),
    ContactCase(line: "Email id. hsuzuki@wakaba.jp", emails: ["hsuzuki@wakaba.jp"], websites: []),
    ContactCase(line: "E-mail ID: pvijay@cantercadd.com", emails: ["pvijay@cantercadd.com"], websites: []),
    ContactCase(line: "© e-mail. dagarwal@saru.co.in", emails: ["dagarwal@saru.co.in"], websites: []),
    ContactCase(line: "E: Jane.Doe@Acme.com.", emails: ["jane.doe@acme.com"], websites: []),
    ContactCase(line: "jane(at)acme.de", emails: ["jane@acme.de"], websites: []),
    ContactCase(line: "menon®@bluestonesoftware.uk", emails: ["menon@bluestonesoftware.uk"], websites: []),
    ContactCase(line: "Mail: |.brandao@pinnacle.com.br", emails: ["l.brandao@pinnacle.com.br"], websites: []),
    ContactCase(line: "E-mail | 1. celik@bluestone.de", emails: ["l.celik@bluestone.de"], websites: []),
    ContactCase(
        line: "Email: vikram_baner jee@kaveri.in", emails: ["vikram_banerjee@kaveri.in"], websites: []),
    ContactCase(line: "邮箱：qiang.ma@jinlongtech.com", emails: ["qiang.ma@jinlongtech.com"], websites: []),
    ContactCase(line: "jane@acme.corn", emails: ["jane@acme.com"], websites: []),
    ContactCase(line: "www. brunabuffet.com.br", emails: [], websites: ["www.brunabuffet.com.br"]),
    ContactCase(line: "www, beltis.com.br_", emails: [], websites: ["www.beltis.com.br"]),
    ContactCase(line: "WWW SANUKER.COM", emails: [], websites: ["WWW.SANUKER.COM"]),
    ContactCase(line: "Web: https:/www.pinnacle.uk", emails: [], websites: ["https://www.pinnacle.uk"]),
    ContactCase(line: "W: www-tiancheng.com", emails: [], websites: ["www.tiancheng.com"]),
    ContactCase(line: "brightpath. fr", emails: [], websites: ["brightpath.fr"]),
    ContactCase(line: "lgoncalves@meridian.combr", emails: ["lgoncalves@meridian.com.br"], websites: []),
    ContactCase(line: "www.meridian.combr", emails: [], websites: ["www.meridian.com.br"]),
    ContactCase(line: "Web: acme.corn", emails: [], websites: ["acme.com"]),
    ContactCase(
        line: "https://Awww.pinnacleenergy.com.cn", emails: [],
        websites: ["https://www.pinnacleenergy.com.cn"]),
    ContactCase(line: "m-.sullivan@sterling.com.au", emails: ["m.sullivan@sterling.com.au"], websites: []),
    ContactCase(line: "rohann@granite co.uk", emails: ["rohann@granite.co.uk"], websites: []),
    // ... or before the country code after a second-level label.
    ContactCase(line: "naomim85@mailbox.ne jp", emails: ["naomim85@mailbox.ne.jp"], websites: []),
    ContactCase(line: "k.sato@sakura.co jp", emails: ["k.sato@sakura.co.jp"], websites: []),
    // A dot read as a comma before the top-level domain.
    ContactCase(line: "kenji.tanaka@hokuto,jp", emails: ["kenji.tanaka@hokuto.jp"], websites: []),
    ContactCase(line: "info@acme,co.uk", emails: ["info@acme.co.uk"], websites: []),
    // A brace or a bar after a web address; a bar after ".com" read as a letter.
    ContactCase(line: "https://www.contoso.com}", emails: [], websites: ["https://www.contoso.com"]),
    ContactCase(line: "https://www.contoso.com|}", emails: [], websites: ["https://www.contoso.com"]),
    ContactCase(line: "Inttps:| [wna contoso.coml", emails: [], websites: ["contoso.com"]),
    ContactCase(line: "www.acme.com1", emails: [], websites: ["www.acme.com"]),
    ContactCase(line: "www.acme.com.mx", emails: [], websites: ["www.acme.com.mx"]),
    // A bar inside the local part after a letter is an I (after a capital) or an l.
    ContactCase(line: "INU|_kenji@star.sfc.co.jp", emails: ["inui_kenji@star.sfc.co.jp"], websites: []),
    ContactCase(line: "paul.wi|son@acme.com", emails: ["paul.wilson@acme.com"], websites: []),
    // The dot lost before a country's "edu" or "gov"; a word ending in "com" keeps its letters.
    ContactCase(line: "vikram.nair@ixloaredu.au", emails: ["vikram.nair@ixloar.edu.au"], websites: []),
    ContactCase(line: "foster@lab.riviedu.au", emails: ["foster@lab.rivi.edu.au"], websites: []),
    ContactCase(line: "www.nrscgov.in", emails: [], websites: ["www.nrsc.gov.in"]),
    ContactCase(line: "info@telecom.pt", emails: ["info@telecom.pt"], websites: []),
    // The host's only dot lost before "com".
    ContactCase(line: "(2) divya.naidu@tekdorcom", emails: ["divya.naidu@tekdor.com"], websites: []),
    ContactCase(line: "E-mail: pankaj ‘patel@hdfcsec.com", emails: ["pankaj.patel@hdfcsec.com"], websites: []),
    ContactCase(line: "E-mail: chr ist opher@n imbus .com", emails: ["christopher@nimbus.com"], websites: []),
    ContactCase(line: "chr istopher@nimbus .com", emails: ["christopher@nimbus.com"], websites: []),
    // A space between known names, or a name and an initial, is the dot OCR lost; others join.
    ContactCase(line: "kshitij jain@advaiya.com", emails: ["kshitij.jain@advaiya.com"], websites: []),
    ContactCase(line: "yokota h@kanto-mazda.com", emails: ["yokota.h@kanto-mazda.com"], websites: []),
    ContactCase(line: "kshitij.,jain@advaiya.com", emails: ["kshitij.jain@advaiya.com"], websites: []),
    ContactCase(
        line: "E-mail: mueller luedenscheidt@vantage.de", emails: ["muellerluedenscheidt@vantage.de"],
        websites: []),
    ContactCase(
        line: "(650) 723-3938  kashworth@carlovia.edu", emails: ["kashworth@carlovia.edu"], websites: []),
    ContactCase(
        line: "smarchetti@belmora.edu _ http://otl.belmora.edu", emails: ["smarchetti@belmora.edu"],
        websites: ["http://otl.belmora.edu"]),
    ContactCase(line: "Vantage GmbH & Co. KG", emails: [], websites: []),
    ContactCase(line: "Web hittps://www.nimbus.co", emails: [], websites: ["https://www.nimbus.co"]),
    ContactCase(
        line: "hitps:/Avww.orchard-energy.in", emails: [], websites: ["https://www.orchard-energy.in"]),
    ContactCase(line: "网址：http:/ /www.xinchuang.com", emails: [], websites: ["http://www.xinchuang.com"]),
    ContactCase(line: "e http//twitter.com/logicwind", emails: [], websites: ["http://twitter.com/logicwind"]),
    // "hittp" for http; the slash before a social profile read as a space.
    ContactCase(
        line: "hittp://facebook.cony putrajaya", emails: [], websites: ["http://facebook.com/putrajaya"]),
    // Any scheme one letter away from "http" or "https".
    ContactCase(line: "hutp://dorka.com", emails: [], websites: ["http://dorka.com"]),
    ContactCase(line: "htlps://www.nelona.com.vn", emails: [], websites: ["https://www.nelona.com.vn"]),
    ContactCase(line: "www.instagram.com acme.studio", emails: [], websites: ["www.instagram.com/acme.studio"]),
    ContactCase(line: "www.acme.com sales", emails: [], websites: ["www.acme.com"]),
    // A globe or link icon read as marks before the address or after its scheme.
    ContactCase(line: "@www.lenra.com", emails: [], websites: ["www.lenra.com"]),
    ContactCase(line: "/www.wakaba.co.jp", emails: [], websites: ["www.wakaba.co.jp"]),
    ContactCase(line: "https://(www.eldor.com.br", emails: [], websites: ["https://www.eldor.com.br"]),
    ContactCase(line: "(p://rakavel.com.br", emails: [], websites: ["http://rakavel.com.br"]),
    ContactCase(line: "© tps://rakavel.com.br", emails: [], websites: ["https://rakavel.com.br"]),
    ContactCase(line: "@ ana@rakavel.com.br", emails: ["ana@rakavel.com.br"], websites: []),
    // An icon read as a mark before a label that ends in a dot: the label still counts.
    ContactCase(line: "| Web. www.asahi.co.jp", emails: [], websites: ["www.asahi.co.jp"]),
    ContactCase(line: "O W. http://visa.co.uk", emails: [], websites: ["http://visa.co.uk"]),
    // An envelope read as a lower-case letter before a whole address; split local parts stay one.
    ContactCase(line: "x chloeb45@inbox-mail.com.au", emails: ["chloeb45@inbox-mail.com.au"], websites: []),
    ContactCase(line: "chr istopher@nimbus.com", emails: ["christopher@nimbus.com"], websites: []),
    // Two letters for the envelope icon before a whole address on its own line.
    ContactCase(line: "px asksassociates@mail.com", emails: ["asksassociates@mail.com"], websites: []),
    ContactCase(line: "WWwWw.midlandici.com.hk", emails: [], websites: ["www.midlandici.com.hk"]),
    ContactCase(line: "NWW.zovira.com.br", emails: [], websites: ["www.zovira.com.br"]),
    ContactCase(line: "5 layla.celik@cs.rusa.edu, au", emails: ["layla.celik@cs.rusa.edu.au"], websites: []),
    ContactCase(line: "jo hn@nimbus.com", emails: ["john@nimbus.com"], websites: []),
])
func repairsEmailsAndWebsites(_ c: ContactCase) {
    let fields = extract("Jane Doe\n" + c.line)
    #expect(fields.emails.map(\.value) == c.emails)
    #expect(fields.websites.map(\.value) == c.websites)
}

/// An icon read as one capital or mark before the address after an e-mail label is no part of
/// its local part.
@Test(arguments: [
    ("E-mail: O stettmayer.fk@s1.nttdocomo.com", "stettmayer.fk@s1.nttdocomo.com"),
    ("Email: © rolf@maps-geo.com", "rolf@maps-geo.com"),
    ("E-mail: chr ist opher@nimbus.com", "christopher@nimbus.com"),
])
func iconBeforeALabelledEmailIsDropped(_ line: String, _ email: String) {
    #expect(extract("Jane Doe\n" + line).emails.map(\.value) == [email])
}

/// A local part that spells the card's name with an OCR slip takes the name's spelling; other
/// local parts, short pieces and pieces two letters off a short name stay as printed, and so
/// does a piece that is a known name where the name's word is not. An initial beside a name word
/// read as its look-alike (i, l, 1) is the name's initial.
@Test(arguments: [
    ("Siegfried Stettmayer", "stetimayer.siegtried.fk@s1.nttdocomo.com", "stettmayer.siegfried.fk@s1.nttdocomo.com"),
    ("Thiago Araújo", "thiago_aranjo@jacaranda.com.br", "thiago_araujo@jacaranda.com.br"),
    ("Jane Doe", "jane.doe@acme.com", "jane.doe@acme.com"),
    ("Maria Santos", "msantas@acme.com", "msantas@acme.com"),
    ("Karen Miller", "kmiler@acme.com", "kmiler@acme.com"),
    ("Peter Brandt", "sales@brandt.de", "sales@brandt.de"),
    ("Robert Smith", "rovert.snith@acme.com", "robert.smith@acme.com"),
    // The name misread, the address read right: a known name is not respelled as an unknown one.
    ("Dantel Carlos", "daniel.silva@beltis.com.br", "daniel.silva@beltis.com.br"),
    // An initial read as a letter OCR confuses it with (i, l, 1); a name's own i stays.
    ("Prof. Lauren Thompson", "ithompson@tekto.com", "lthompson@tekto.com"),
    ("Trần Ngọc Linh", "itran@miri.vn", "ltran@miri.vn"),
    ("Lê Đức Linh", "linhi72@thudien.vn", "linhl72@thudien.vn"),
    ("Ian Thompson", "ithompson@tekto.com", "ithompson@tekto.com"),
    ("Lauren Ivy Thompson", "ithompson@tekto.com", "ithompson@tekto.com"),
    // A digit of a number after the name (and an initial) read as a letter; an initial stays.
    ("Kiran Thakur", "kirants8@mailhub.in", "kirant58@mailhub.in"),
    ("Sakura Tanaka", "sakuratl0@mailbox.ne.jp", "sakurat10@mailbox.ne.jp"),
    ("Nuri Sahin", "nuris4@emel.com.my", "nuris4@emel.com.my"),
    ("N. Bhavna", "bhavnas22@postbox.co.in", "bhavnas22@postbox.co.in"),
    ("Ana Lima", "anas@acme.com", "anas@acme.com"),
])
func localPartTakesTheNamesSpelling(_ name: String, _ read: String, _ repaired: String) {
    #expect(Contacts.repairLocalPart(read, name: name) == repaired)
}

/// A role address's number read with a letter ("infoS9@") is a number on a card without a name.
@Test func roleAddressNumberIsDigits() {
    #expect(Contacts.repairDigitTail("infoS9@mailbox.ne.jp", name: "") == "info59@mailbox.ne.jp")
    #expect(Contacts.repairDigitTail("infos@mailbox.ne.jp", name: "") == "infos@mailbox.ne.jp")
    let fields = extract("Wakaba Travel\ninfoS9@mailbox.ne.jp\n+81 (0)52 007 3995")
    #expect(fields.emails.map(\.value) == ["info59@mailbox.ne.jp"])
}

/// A line that goes on after a phone icon read as a mark with a whole number is two pieces, the
/// icon dropped; a mark before a short number or a word stays.
@Test func lineSplitsAtAPhoneIconBeforeANumber() {
    #expect(
        Labels.pieces(of: "Av. Itaquera, 2994 - Jd. Fernandes-SP. @ 3569-6905")
            == ["Av. Itaquera, 2994 - Jd. Fernandes-SP.", "3569-6905"])
    #expect(Labels.splitAtPhoneIcon("Unit 5 & 6, Park Road") == ["Unit 5 & 6, Park Road"])
    #expect(Labels.splitAtPhoneIcon("Sales & Marketing") == ["Sales & Marketing"])
}

/// A name and an e-mail address after a colon, a dash or an icon read as one mark on one line
/// are two pieces, the address misread too; a label before an address stays with it.
@Test func nameAndEmailOnOneLineAreSplit() {
    #expect(
        Labels.pieces(of: "Aiko Kobayashi : koboesti@vevaoeduay") == ["Aiko Kobayashi", "koboesti@vevaoeduay"])
    #expect(Labels.splitBeforeEmail("Jane Doe - jane@acme.com") == ["Jane Doe", "jane@acme.com"])
    #expect(Labels.splitBeforeEmail("Email Id : jane@acme.com") == ["Email Id : jane@acme.com"])
    #expect(Labels.splitBeforeEmail("Jane Doe : Sales Manager") == ["Jane Doe : Sales Manager"])
    // An icon between them (a generated card, 7882, its address misread).
    #expect(
        Labels.pieces(of: "Kenji Nakamura © lnaamura@wakabaco") == ["Kenji Nakamura", "lnaamura@wakabaco"])
    #expect(Labels.splitBeforeEmail("Ben & Jerry jane@acme.com") == ["Ben & Jerry jane@acme.com"])
}

/// Protects emails broken over two lines by OCR or layout.
@Test func joinsEmailBrokenOverTwoLines() {
    let fields = extract("Sanjay Desai\nMail sanjay.desai@larkspu\nr-robotics.io")
    #expect(fields.emails.map(\.value) == ["sanjay.desai@larkspur-robotics.io"])
    #expect(fields.websites.isEmpty)
}

/// Protects web and e-mail addresses OCR spaced or misread: "http: / /" is a scheme, and a dash
/// before a generic top-level domain in a host without a dot is the dot ("r7-com").
@Test func repairsSpacedSchemesAndDashedTopLevelDomains() {
    let fields = extract("Ana Lima\nhttp: / /www.kanto-mazda.com\n_ana@r7-com_")
    #expect(fields.websites.map(\.value) == ["http://www.kanto-mazda.com"])
    #expect(fields.emails.map(\.value) == ["ana@r7.com"])
}

// MARK: - Addresses

struct AddressCase: Sendable, CustomStringConvertible {
    var text: String
    var address: String?
    var description: String { text.replacingOccurrences(of: "\n", with: " / ") }
}

/// Protects bilingual addresses: a Han address and its Latin translation are two addresses,
/// and the first printed is the card's.
@Test func bilingualAddressIsTheFirstPrintedOneNotBothJoined() {
    let fields = extract(
        "陳德倫\n高級客戶經理\n新界荃灣沙咀道6號嘉達環球中心13樓08室\nUnit 08, 13/F, The Octagon,\n6 Sha Tsui Road, Tsuen Wan, N.T.",
        languages: "chi_tra+eng")
    #expect(fields.address?.value == "新界荃灣沙咀道6號嘉達環球中心13樓08室")
}

/// Protects the first-printed rule from a company line: English words with a street word and no
/// number above a numbered Han address are no translation of it (issue 9, generated Taiwanese cards).
@Test func latinWordsWithoutANumberAreNoTranslationOfTheAddress() {
    let fields = extract(
        "益昇實業企業社\nYisheng Industrial Enterprise\n郭惠珍\n特別助理\nSpecial Assistant\n04-2538-7968\n"
            + "kuohuichen@yisheng-ind.com.tw\n403臺中市西區英才路226號",
        languages: "chi_tra+eng")
    #expect(fields.address?.value == "403臺中市西區英才路226號")
}

/// Protects Chinese postcodes: six digits on a Han line count as a postcode only on an address
/// line or after 邮编, not in a bank account's number groups.
@Test func bankAccountDigitsAreNoChinesePostcode() {
    let scorer = LineScorer(
        lexicons: Lexicons.shared, context: CardContext(emails: [], websites: [], sizes: [30]))
    #expect(!scorer.postcodeLine("合作金庫岡山分行0330 717 026900"))
    #expect(scorer.postcodeLine("北京市海淀区中关村大街1号 100080"))
    #expect(scorer.postcodeLine("邮编 100080"))
}

/// Protects address grouping: multi-line addresses joined with ", ", stopped at the next field,
/// labels stripped, Chinese addresses kept whole.
@Test(arguments: [
    // Labels that say which address it is go; an address word stays without a colon.
    AddressCase(
        text: "Karim Yilmaz\nFactory Road 12\nDenver, CO 80255",
        address: "Factory Road 12, Denver, CO 80255"),
    AddressCase(
        text: "Ravi Rao\nResi. H. No. 6-1-108/18, Padmaraonagar,\nSecunderabad - 500 025.",
        address: "H. No. 6-1-108/18, Padmaraonagar, Secunderabad - 500 025."),
    AddressCase(
        text: "Karim Yilmaz\nAtlas Media, Inc.\n157 Elm Avenue, Suite 2800\nDenver, co 80255",
        address: "157 Elm Avenue, Suite 2800, Denver, CO 80255"),
    AddressCase(
        text: "Meera Desai\nData Scientist\n234 Deansgate\nEdinburgh EH1 6JE\nUK",
        address: "234 Deansgate, Edinburgh EH1 6JE, UK"),
    AddressCase(
        text: "Ótica da Jô\nAv. Itaquera, 2994 - Jd. Fernandes - SP =% 3569-6905\njo@hotmail.com",
        address: "Av. Itaquera, 2994 - Jd. Fernandes - SP"),
    AddressCase(
        text: "Jane Doe\nCEO\n100 Market Street, Suite 300\nSan Francisco, CA 94105\njane@acme.com",
        address: "100 Market Street, Suite 300, San Francisco, CA 94105"),
    AddressCase(
        text: "Ilse Hendriks\nHerengracht 176\n3515 EX Utrecht\nNederland\nT: 030 286 3875",
        address: "Herengracht 176, 3515 EX Utrecht, Nederland"),
    AddressCase(
        text: "Max Weber\nAddress: Am Markt 42, 20096 Hamburg\nTel. 040 6652 1621",
        address: "Am Markt 42, 20096 Hamburg"),
    AddressCase(text: "马强\n技术总监\n地址：广州市天河区天河路119号1503室", address: "广州市天河区天河路119号1503室"),
    AddressCase(
        text: "Lakshmi Reddy\n9, Connaught Place\nMumbai 400032, Maharashtra\nIndia",
        address: "9, Connaught Place, Mumbai 400032, Maharashtra, India"),
    AddressCase(text: "Jane Doe\nSenior Engineer\njane@acme.com", address: nil),
    AddressCase(
        text: "Felix Kohler\nAm Markt 204\n80397 Miinchen\nDeutschland\nT +49 89 99998363",
        address: "Am Markt 204, 80397 München, Deutschland"),
    AddressCase(
        text: "José Castillo\nCalle Col6n, 221\n41007 Sevilla", address: "Calle Col6n, 221, 41007 Sevilla"),
    AddressCase(
        text: "Layla Celik\nT| +49 69 90009447\nAm Markt 72, 60368 Frankfurt am Main",
        address: "Am Markt 72, 60368 Frankfurt am Main"),
    // Vietnamese address words keep their accents: "Phường" (ward) is no given name "Phương".
    AddressCase(
        text: """
            CÔNG TY TNHH THƯƠNG MẠI SUTEK\nNGUYỄN NGỌC PHƯƠNG\nProject Manager\n024 5971 6332
            phuong.nguyen@sutek.com.vn\nSố 182 Trần Hưng Đạo, Phường 6\nCầu Giấy, Hà Nội
            """,
        address: "Số 182 Trần Hưng Đạo, Phường 6, Cầu Giấy, Hà Nội"),
    // An Indian town and its PIN joined by a hyphen end the address; they are no garbage.
    AddressCase(
        text: """
            Nalo Agro Industries\ninfo.office@nalo.com\nPlot No. 809, Velol Apartment
            Behind Ram Mandir, Shanti Nagar\nChennai-600041
            """,
        address: "Plot No. 809, Velol Apartment, Behind Ram Mandir, Shanti Nagar, Chennai-600041"),
    // Indonesian "Jl." (Jalan) read "JI.": a street word, and put back.
    AddressCase(
        text: "PT Arlo Teknologi Nusantara\nRizky Saputra\nENGINEER\nJI. Pemuda No. 136\nSurabaya 60903",
        address: "Jl. Pemuda No. 136, Surabaya 60903"),
    // ... or "Ji.", its l read as a lower-case i.
    AddressCase(
        text: "PT Arlo Teknologi Nusantara\nRizky Saputra\nENGINEER\n"
            + "Gedung Dorlen Lt. 7, Ji. Kebon Sirih No. 58\nJakarta Pusat 10639",
        address: "Gedung Dorlen Lt. 7, Jl. Kebon Sirih No. 58, Jakarta Pusat 10639"),
    // A Taiwanese card's head office and factory, one under the other: the first printed is the
    // card's address, with or without the offices' labels (總公司：, 工廠：).
    AddressCase(
        text: "宏達電子股份有限公司\n王小明 業務經理\n總公司：台北市信義區松仁路100號12樓\n"
            + "工廠：桃園市龜山區文化一路92巷30弄7號\n電話：(02) 2345-6789",
        address: "台北市信義區松仁路100號12樓"),
    AddressCase(
        text: "宏達電子股份有限公司\n王小明 業務經理\n台北市信義區松仁路100號12樓\n"
            + "桃園市龜山區文化一路92巷30弄7號\n電話：(02) 2345-6789",
        address: "台北市信義區松仁路100號12樓"),
    // ... and offices labelled after their city, each with its phone on the line.
    AddressCase(
        text: "宏達電子股份有限公司\n王小明 業務經理\n台北總公司：台北市信義區松仁路100號12樓 TEL:(02)2345-6789\n"
            + "高雄分公司：高雄市前鎮區中山二路5號 TEL:(07)333-1234",
        address: "台北市信義區松仁路100號12樓"),
    // A building named with a given name ("Mira House") heads the address, as "Kami Building" does.
    AddressCase(
        text: "Abigail Sullivan\nClaims Coordinator\nabigail@mitek.com\nMira House\n1503 Oak Boulevard\n"
            + "Denver, CO 80225",
        address: "Mira House, 1503 Oak Boulevard, Denver, CO 80225"),
])
func groupsAddresses(_ c: AddressCase) {
    #expect(extract(c.text).address?.value == c.address)
}

// MARK: - Chinese cards

/// Protects Chinese cards: Han spacing removed, Chinese name/title/company preferred over the
/// English translation lines, full-width labels.
@Test func chineseBilingualCard() {
    let text = """
        马 强
        技术 总监
        Technical Director
        广州 金龙 医疗 器 械 有 限 公司
        Guangzhou Jinlong Medical Devices Co., Ltd.
        邮箱：qiang.ma@jinlong.com
        电话 Tel：+86 20 8758 3829
        邮箱：qiang.ma@jinlongtech.com
        地址 Add：广州 市 天 河 区 天 河 路 119 号
        """
    let fields = extract(text, languages: "chi_sim+eng")
    #expect(fields.name?.value == "马强")
    #expect(fields.title?.value == "技术总监")
    #expect(fields.company?.value == "广州金龙医疗器械有限公司")
    #expect(fields.address?.value == "广州市天河区天河路119号")
    #expect(fields.phones.map(\.kind) == [.work])
}

struct ChineseCase: Sendable, CustomStringConvertible {
    var text: String
    var name: String?
    var title: String?
    var company: String?
    var description: String { text.replacingOccurrences(of: "\n", with: " / ") }
}

/// Protects Chinese cards as `chi_sim` reads them: a logo character printed far left of the
/// company (a run of spaces, `preserve_interword_spaces`) stays out of the company, and "恰"
/// read for "怡" in a name is repaired; ordinary single spaces still join.
@Test(arguments: [
    ChineseCase(
        text: "企     北京金龙贸易有限公司\n吴敏\n产品经理\n电话 Tel : 010-6555 0820",
        name: "吴敏", title: "产品经理", company: "北京金龙贸易有限公司"),
    ChineseCase(
        text: "长         深圳市长青网络科技有限公司\n刘子涵\n高级工程师\n邮箱\nliuzihan@changqing.cn",
        name: "刘子涵", title: "高级工程师", company: "深圳市长青网络科技有限公司"),
    ChineseCase(
        text: "杨欣恰\n销售经理\n上海 瑞丰 科技 有限 公司\n手机：138-1918-5840",
        name: "杨欣怡", title: "销售经理", company: "上海瑞丰科技有限公司"),
    ChineseCase(
        text: "李欣恰\n技术 总监\n成都新创贸易股份有限公司", name: "李欣怡", title: "技术总监",
        company: "成都新创贸易股份有限公司"),
    ChineseCase(
        text: "王恰然 Wang Qiaran\nSales Manager\nHarbor Freight S.L.", name: nil, title: "Sales Manager",
        company: "Harbor Freight S.L."),
])
func readsChineseCardsAsChiSimReadsThem(_ c: ChineseCase) {
    let fields = extract(c.text, languages: "chi_sim+eng")
    if let name = c.name { #expect(fields.name?.value == name) }
    #expect(fields.title?.value == c.title)
    #expect(fields.company?.value == c.company)
}

/// Protects the Han-name repair: only whole Han names of 2-4 characters are touched.
@Test(arguments: [
    ("杨欣恰", "杨欣怡"), ("恰", "恰"), ("恰好的时间", "恰好的时间"), ("Wang 恰", "Wang 恰"), ("马强", "马强"),
])
func repairsConfusableCharactersInHanNames(_ read: String, _ repaired: String) {
    #expect(Text.repairHanName(read) == repaired)
}

/// Protects wide gaps as separators: three or more spaces between words split, one does not.
@Test(arguments: [
    ("企     北京金龙贸易有限公司", "企 | 北京金龙贸易有限公司"),
    ("电话 Tel : 010-6555 0820", "电话 Tel : 010-6555 0820"),
    ("Jane  Doe", "Jane  Doe"),
    ("   leading", "   leading"),
])
func wideGapsSeparate(_ read: String, _ separated: String) {
    #expect(Text.separateWideGaps(read) == separated)
}

// MARK: - Confidence, alternatives, determinism

/// Protects the output contract: confidences in 0...1, evidence present, a runner-up kept.
@Test func confidencesAreBoundedAndExplained() {
    let fields = extract(
        "Vv\nJane Doe\nJohn Smith\nSenior Product Manager\nAcme Robotics Inc.\njane.doe@acme.com")
    let singles = FieldName.cardText.compactMap { fields[$0] }
    #expect(!singles.isEmpty)
    for field in singles {
        #expect((0...1).contains(field.confidence))
        #expect(field.evidence != nil)
    }
    #expect(fields.name?.value == "Jane Doe")
    #expect(fields.name?.alternatives.first?.value == "John Smith")
    #expect(fields.name?.evidence?.contains("email") == true)
}

/// Protects determinism: the same page gives the same fields, every time.
@Test func sameInputSameOutput() {
    let page = RecognizedPage.plainText(
        "Jane Doe\nCTO\nAcme Inc.\nT +1 415 555 0100\njane@acme.com\n1 Main St\nBoston, MA 02121")
    let first = extractor.extract(from: page)
    for _ in 0..<5 { #expect(extractor.extract(from: page) == first) }
    #expect(FieldExtractor(phoneNumbers: LibPhoneNumber()).extract(from: page) == first)
}

/// Protects the empty case: no lines, no fields, no crash.
@Test func emptyPageGivesNoFields() {
    #expect(extractor.extract(from: RecognizedPage(width: 100, height: 100, lines: [])) == CardFields())
}

/// Protects labels OCR reads as separate lines left of their values, in any reading order
/// ("028-86218811" before "电话"): the label goes to the value on its row.
@Test func labelsOnTheirOwnLinesGoToTheValueBesideThem() {
    let page = RecognizedPage(
        width: 1063, height: 638,
        lines: [
            line("吴建华", y: 60, height: 60),
            line("028-86218811", y: 226, height: 18, x: 605),
            line("电话", y: 223, height: 23, x: 533),
            line("手机", y: 261, height: 24, x: 532),
            line("150-5464-7432", y: 265, height: 18, x: 606),
            line("传真", y: 301, height: 23, x: 532),
            line("028-86743066", y: 303, height: 18, x: 605),
            line("地址", y: 386, height: 40, x: 532),
            line("四川省成都市高新区天府大道765号", y: 386, height: 40, x: 607),
        ], languages: "chi_sim+eng")
    let fields = extractor.extract(from: page)
    #expect(
        fields.phones.map { "\($0.e164 ?? "") \($0.kind)" } == [
            "+862886218811 work", "+8615054647432 mobile", "+862886743066 fax",
        ])
    #expect(fields.address?.value == "四川省成都市高新区天府大道765号")
    #expect(fields.name?.value == "吴建华")
}

/// Protects cross-evidence between contacts: an email host and a website host one OCR error
/// apart become the spelling the card supports (here the company line).
@Test func emailAndWebsiteHostsAgree() {
    let fields = extract(
        "Shanghai Changqing Logistics Co., Ltd.\nEmail: service@changgingtech.com.cn\nWeb: http://www.changqingtech.com.cn"
    )
    #expect(fields.emails.map(\.value) == ["service@changqingtech.com.cn"])
    #expect(fields.websites.map(\.value) == ["http://www.changqingtech.com.cn"])
    // A host OCR cut from the other ("enan.com.br") loses to the one a wordmark prints whole.
    let cut = extract(
        "LENAN\nTravel\nTatiane Nascimento\nCoordenadora de Projetos\n(11) 98381-7067\n"
            + "tatiane.nascimento@lenan.com.br\nhttp://enan.com.br")
    #expect(cut.emails.map(\.value) == ["tatiane.nascimento@lenan.com.br"])
    #expect(cut.websites.map(\.value) == ["http://lenan.com.br"])
    // A bare host is no match for the address printed whole: "ayur Qudgam.org" is the e-mail
    // mayur@udgam.org with its '@' read as a Q (realcards tune, unevenly lit copy). It does not
    // rename www.udgam.org, and goes as that site again.
    let misread = extract(
        "Dr. Mayur Joshi\nManaging Trustee\nUdgarn Trust\nPlot No. 818, Sector - 8, Gandhinagar - 382008.\n"
            + "+91 79 23235413\nayur Qudgam.org\nwww.udgam.org")
    #expect(misread.websites.map(\.value) == ["www.udgam.org"])
    // Hosts that differ in their top-level domain alone: one host when a letter of it went
    // missing ("acme.co" read for acme.com), two when both are domains of their own.
    let otherDomain = extract("Jane Doe\nSales Manager\nAcme Inc.\nacme.io\njane@acme.com")
    #expect(otherDomain.websites.map(\.value) == ["acme.io"])
    let lostLetter = extract("Jane Doe\nSales Manager\nAcme Inc.\nacme.co\njane@acme.com")
    #expect(lostLetter.websites.map(\.value) == ["acme.com"])
    // "www" with the dot lost before the name: the letter after it is the name's when a line
    // of the card spells it so ("rava" over "Consulting"), the dot misread otherwise.
    let lostDot = extract("rava\nConsulting\nRodrigo Rocha\nGerente\nwwwrava.com.br\nrodrigo@correio.net.br")
    #expect(lostDot.websites.map(\.value) == ["www.rava.com.br"])
    let misreadDot = extract("Atlas Freight\nAna Lima\nGerente\nwwwaatlas.com\nana@correio.net.br")
    #expect(misreadDot.websites.map(\.value) == ["www.atlas.com"])
    #expect(misread.company?.value == "Udgam Trust")
}

/// Protects accent restoration of known place names the eng model drops, and leaves names with
/// an unaccented spelling alone.
@Test(arguments: [
    (
        "Rua XV de Novembro, 591 - Centro\nSao Paulo - SP, 01310-528",
        "Rua XV de Novembro, 591 - Centro, São Paulo - SP, 01310-528"
    ),
    ("Av. Reforma 222\n06600 Mexico City, Mexico", "Av. Reforma 222, 06600 Mexico City, Mexico"),
])
func restoresAccentsOfKnownPlaces(_ text: String, _ address: String) {
    #expect(extract("Ana Souza\n" + text).address?.value == address)
}

/// Protects against crashes and out-of-range values on OCR garbage: 300 pseudo-random cards
/// (fixed seed) built from label words, digits, Han characters and punctuation.
@Test func garbageInputNeverCrashesAndStaysInRange() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    let pieces = [
        "Tel:", "M", "|", "F", "E:", "@", ".", ",", "www", "http:/", "电话", "：", "地址", "公司", "Dr.", "GmbH",
        "Street",
        "0", "1", "5", "+", "(", ")", "-", "O", "l", "S", "B", "Jane", "Doe", "Manager", "Dept", "部", "号",
        "路", " ", "  ",
        "ß", "é", "94105", "CA", "EC1A", "1BB", "©", "&", "Vv", "\t",
    ]
    for _ in 0..<300 {
        let lineCount = 1 + next(9)
        var lines: [RecognizedLine] = []
        for i in 0..<lineCount {
            let text = (0..<(1 + next(8))).map { _ in pieces[next(pieces.count)] }.joined(
                separator: next(2) == 0 ? "" : " ")
            lines.append(line(text, y: 20 + i * (10 + next(60)), height: 1 + next(80), x: next(600)))
        }
        let fields = extractor.extract(from: RecognizedPage(width: 1000, height: 600, lines: lines))
        for field in FieldName.cardText.compactMap({ fields[$0] }) {
            #expect((0...1).contains(field.confidence))
            #expect(!field.value.isEmpty)
        }
        for phone in fields.phones { #expect((0...1).contains(phone.confidence)) }
    }
}

/// Protects addresses whose printed row OCR read as two lines side by side: the row is joined
/// with a space ("Montréal, QC H3B 8Y2"), a comma printed before the break is kept.
@Test func addressRowSplitByOCRIsJoinedWithASpace() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("Rahul Chatterjee", y: 40, height: 50),
            line("93 rue Sainte-Catherine", y: 300, height: 20, x: 500),
            line("Montréal, QC", y: 330, height: 20, x: 500),
            line("H3B 8Y2", y: 330, height: 20, x: 640),
            line("157 Elm Avenue", y: 450, height: 20, x: 40),
            line("Denver,", y: 480, height: 20, x: 40),
            line("CO 80255", y: 480, height: 20, x: 130),
        ])
    let address = extractor.extract(from: page).address?.value
    #expect(address == "93 rue Sainte-Catherine, Montréal, QC H3B 8Y2")
    let other = extractor.explain(page).fields.address?.alternatives.first?.value
    #expect(other == "157 Elm Avenue, Denver, CO 80255")
}

/// Protects names printed (or read) as an initial and a surname, found through the email.
@Test func initialAndSurnameIsAName() {
    let fields = extract("alylics Private Limited\nSL. CHATTERJEE\nchatterjee@vantageanalytics.com")
    #expect(fields.name?.value == "SL. CHATTERJEE")
    #expect(fields.company?.value == "alylics Private Limited")
}

/// Protects against upside-down OCR garbage taken for a name: a name does not end with an
/// initial.
@Test func garbageEndingInAnInitialIsNoName() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("LOEC-LVS-SLO L", y: 40, height: 60),
            line("Sakura Systems K.K.", y: 200, height: 30),
        ])
    #expect(extractor.extract(from: page).name == nil)
}

/// Protects the name above a line of degrees: "B.E., M.Tech" above the role is no name (it stood
/// where a name stands and took the name's place), and is left out of name and title.
@Test func aLineOfDegreesIsNoName() {
    let fields = extract("Raghavendra Hosamani\nB.E., M.Tech\nConsulting Engineer")
    #expect(fields.name?.value == "Raghavendra Hosamani")
    #expect(fields.title?.value == "Consulting Engineer")
    #expect(LineScorer.isDegreeLine("M.B.B.S., M.D. (OBGY)"))
    #expect(LineScorer.isDegreeLine("MBA, CPA"))
    #expect(!LineScorer.isDegreeLine("MD"))
    #expect(!LineScorer.isDegreeLine("Raghavendra Hosamani, B.E."))
}

/// Protects a saint's name as the first line of the institution called after it: "St. Francis"
/// above "Family Health Care" (realcards tune, read from a photo's boxes) is one company name,
/// not a person's name left out.
@Test func aSaintsNameOpensTheCompanyBelowIt() {
    let page = RecognizedPage(
        width: 2400, height: 3200,
        lines: [
            at("St. Francis", 934, 1287, 489, 84),
            at("Family Health Care", 718, 1396, 932, 103),
            at("KATIE MYERS", 802, 1544, 761, 96),
            at("Disability Claims Coordinator", 713, 1666, 948, 71),
            at("Phone (660) 562-7087", 518, 1858, 1065, 81),
            at("Kathryn_Myers@ssmhc.com", 743, 1954, 893, 82),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.company?.value == "St. Francis Family Health Care")
    #expect(fields.name?.value == "KATIE MYERS")
}

/// Protects firms named after their partners and trades listing their services: "FLÁVIO E
/// VALDEQUE" under "MECÂNICA, FUNILARIA E PINTURA" (realcards tune, a body shop) is no person,
/// while "e" between family names after a given name ("Ana Silva e Souza") stays a name.
@Test func wordsJoinedByAConnectorAloneAreNoName() {
    let shop = extract(
        "MECÂNICA, FUNILARIA E PINTURA\nFLÁVIO E VALDEQUE\nRua Antonio Carneiro Leão, 36\n2681-7485")
    #expect(shop.name == nil)
    let person = extract("Ana Silva e Souza\nDiretora Comercial\nana.souza@lumar.com.br")
    #expect(person.name?.value == "Ana Silva e Souza")
}

// MARK: - Words OCR split or glued

struct SplitCase: Sendable, CustomStringConvertible {
    var text: String
    var emails: [String]
    var expected: String
    var description: String { text }
}

/// Protects joining split words only where an e-mail spells them, and never two real words
/// (nor a two-letter Vietnamese given name).
@Test(arguments: [
    SplitCase(text: "Inés Ca stillo", emails: ["ines.castillo@x.com"], expected: "Inés Castillo"),
    SplitCase(text: "Javier Ga rc ía- Lorca", emails: ["javier.garcialorca@x.com"], expected: "Javier García-Lorca"),
    SplitCase(text: "NAKAM U RA Emi", emails: ["e.nakamura@sakura.com"], expected: "NAKAMURA Emi"),
    SplitCase(text: "Inés Castillo", emails: ["inescastillo@x.com"], expected: "Inés Castillo"),
    SplitCase(text: "Ca stillo", emails: [], expected: "Ca stillo"),
    SplitCase(text: "Tran Thi Thu Ha", emails: ["thuha@vietfood.vn"], expected: "Tran Thi Thu Ha"),
    SplitCase(text: "Lotte van den Berg", emails: ["lotte.vandenberg@zeewind.nl"], expected: "Lotte van den Berg"),
    SplitCase(text: "Sales and Marketing", emails: ["andmark@x.com"], expected: "Sales and Marketing"),
])
func joinsSplitWordsOnEmailEvidence(_ c: SplitCase) {
    #expect(SplitWords.join(c.text, evidence: SplitWords.evidence(fromEmails: c.emails)) == c.expected)
}

@Test func splitsGluedGenerationalSuffix() {
    #expect(FieldExtractor.splitGluedSuffix("ANANYA NAIRJR.") == "ANANYA NAIR JR.")
    #expect(FieldExtractor.splitGluedSuffix("John SmithJr.") == "John Smith Jr.")
    #expect(FieldExtractor.splitGluedSuffix("ANANYA NAIR JR.") == "ANANYA NAIR JR.")
}

/// Protects respelling a company word from the card's own domain: one substituted letter only.
@Test func companyWordRespelledFromDomain() {
    let words = DomainSpelling.words(
        fromHosts: [Contacts.host(ofEmail: "x@falcon-biotech.com"), Contacts.host(ofSite: "https://www.falcon-biotech.com/")])
    #expect(DomainSpelling.repair("Faicon Biotech Ltd", domainWords: words) == "Falcon Biotech Ltd")
    #expect(DomainSpelling.repair("FAICON BIOTECH", domainWords: words) == "FALCON BIOTECH")
    #expect(DomainSpelling.repair("Falkom Group", domainWords: ["falcon"]) == "Falkom Group")  // two letters apart
    #expect(DomainSpelling.repair("Meridian Ltd", domainWords: words) == "Meridian Ltd")
    // One letter per five: a sixteen-letter wordmark may be three letters off, not four.
    #expect(DomainSpelling.repair("Motiersandmounts", domainWords: ["holdersandmounts"]) == "Holdersandmounts")
    #expect(DomainSpelling.repair("Motiersandmoumts", domainWords: ["holdersandmounts"]) == "Motiersandmoumts")
}

/// A logo read as one or two letters before the word that starts the card's domain is dropped
/// from the company; letters the domain starts with and legal forms printed first stay.
@Test func logoLettersBeforeTheDomainsWordAreDropped() {
    #expect(DomainSpelling.repair("L HDFC Securities", domainWords: ["hdfcsec"]) == "HDFC Securities")
    #expect(DomainSpelling.repair("La HDFC Securities", domainWords: ["hdfcsec"]) == "HDFC Securities")
    #expect(DomainSpelling.repair("A Plus Solutions", domainWords: ["aplus"]) == "A Plus Solutions")
    #expect(DomainSpelling.repair("PT Nearix Indonesia", domainWords: ["nearix"]) == "PT Nearix Indonesia")
    #expect(DomainSpelling.repair("L HDFC Securities", domainWords: ["kotak"]) == "L HDFC Securities")
}

/// The first letters of a company's first word lost to a logo, a shadow or a panel edge come
/// back from the card's domain ("avi Travel" beside vavi.com); a word the lexicons know, or a
/// name printed as one, stays as printed, and so do words far shorter than the domain's.
@Test func lostStartOfCompanyRestoredFromDomain() {
    let vavi = DomainSpelling.words(fromHosts: [Contacts.host(ofEmail: "ayse@vavi.com")])
    #expect(DomainSpelling.repair("avi Travel", domainWords: vavi) == "Vavi Travel")
    #expect(DomainSpelling.repair("orsaar Travel", domainWords: ["dorsaar"]) == "Dorsaar Travel")
    #expect(DomainSpelling.repair("HWA", domainWords: ["vishwa"]) == "VISHWA")
    #expect(DomainSpelling.repair("KUTO SHOJI CORPORATION", domainWords: ["hokuto", "hokutoshoji", "shoji"])
        == "HOKUTO SHOJI CORPORATION")
    #expect(DomainSpelling.repair("Tech Solutions", domainWords: ["hitech"]) == "Tech Solutions")
    #expect(DomainSpelling.repair("Smith & Co", domainWords: ["jsmith"]) == "Smith & Co")
    #expect(DomainSpelling.repair("Ard Group", domainWords: ["mcdonard"]) == "Ard Group")
    #expect(DomainSpelling.repair("Vavi Travel", domainWords: vavi) == "Vavi Travel")
}

/// Letters OCR read as digits in a company word the card's domain spells come back as letters
/// ("1xix Travel" beside ixix.vn); words the domain does not spell keep their digits.
@Test func digitsReadForLettersRespelledFromDomain() {
    #expect(DomainSpelling.repair("1xix Travel", domainWords: ["ixix"]) == "Ixix Travel")
    #expect(DomainSpelling.repair("HAR0N GROUP", domainWords: ["haron"]) == "HARON GROUP")
    #expect(DomainSpelling.repair("Ka5tell Partners", domainWords: ["kastell"]) == "Kastell Partners")
    #expect(DomainSpelling.repair("3M Company", domainWords: ["mmm"]) == "3M Company")
    #expect(DomainSpelling.repair("Studio 54", domainWords: ["studio"]) == "Studio 54")
    #expect(DomainSpelling.repair("1xix Travel", domainWords: ["lxix", "ixix"]) == "1xix Travel")
}

/// Protects letters OCR reads as two ("rn" for "m", "vv" for "w"): the card's domain respells the
/// word and counts as its spelling, so the line is the company.
@Test func companyWordWithConfusedLettersRespelledFromDomain() {
    #expect(DomainSpelling.confusable("Udgarn") == DomainSpelling.confusable("udgam"))
    #expect(DomainSpelling.repair("Udgarn Trust", domainWords: ["udgam"]) == "Udgam Trust")
    #expect(DomainSpelling.repair("UDGARN", domainWords: ["udgam"]) == "UDGAM")
    #expect(DomainSpelling.repair("Vvavelink", domainWords: ["wavelink"]) == "Wavelink")
    #expect(DomainSpelling.repair("Udgarn Trust", domainWords: ["udgan"]) == "Udgarn Trust")
    let lines = [
        line("Dr. Mayur Joshi", y: 40, height: 34),
        line("Managing Trustee", y: 90, height: 28),
        line("Udgarn Trust", y: 130, height: 28),
        line("Plot No.818, Sector - 8, Gandhinagar- 382008.", y: 200, height: 24),
        line("mayur@udgam.org | www.udgam.org", y: 250, height: 24),
    ]
    let fields = extract(lines: lines)
    #expect(fields.company?.value == "Udgam Trust")
}

/// Protects a wordmark in display type that OCR read with low confidence: spelling the card's
/// domain, it is text and can be the company.
@Test func unsureWordmarkSpellingTheDomainIsTheCompany() {
    let lines = [
        line("Motiersandmounts", y: 40, height: 98, confidence: 0.2),
        line("Sandip Parmar", y: 200, height: 29),
        line("sandip@holdersandmounts.co.uk", y: 250, height: 20),
        line("020 8960 7787", y: 300, height: 20),
        line("1002B Harrow Road, London NW10 5NT", y: 330, height: 20),
        line("Meru Relsoreannronans. co.uk", y: 400, height: 102),  // the logo's tagline, misread
    ]
    let fields = extract(lines: lines)
    #expect(fields.company?.value == "Holdersandmounts")
}

/// Protects slogans from becoming titles: they address the reader.
@Test func sloganIsNotATitle() {
    let fields = extract("Nimbus Health S.A.\nYour partner in growth\nhello@nimbus.fr\nwww.nimbus.fr")
    #expect(fields.title == nil)
    #expect(fields.company?.value == "Nimbus Health S.A.")
    #expect(extract("Jane Doe\nPartner\nNimbus LLP\njane@nimbus.com").title?.value == "Partner")
}

// MARK: - Icon glyphs

/// Protects the icon trim: what OCR reads from a pin, phone or mail icon before a line goes (an
/// "l" alone too: a bar or an icon's stem; a letter and an "@" before a number or a capital), while
/// words, quotes, brackets and number signs stay.
@Test(arguments: [
    ("ọ 418, Citylight Shopping Center,", "418, Citylight Shopping Center,"),
    ("© 831 高雄市大寮區力行路197號", "831 高雄市大寮區力行路197號"),
    ("@ VISHWA", "VISHWA"),
    ("& 07-782 7271", "07-782 7271"),
    ("@®@ 0131 496 0354", "0131 496 0354"),
    ("*** Suite 200", "*** Suite 200"),
    ("“Brindavan”, 2nd Floor,", "“Brindavan”, 2nd Floor,"),
    ("(A Govt. of India Undertaking)", "(A Govt. of India Undertaking)"),
    ("+ 91 81477 97042", "+ 91 81477 97042"),
    ("e Silva Ltda", "e Silva Ltda"),
    ("A. Srinivas Rao", "A. Srinivas Rao"),
    ("Ọ 924 High Street", "924 High Street"),
    ("QÈ Gedung Oltek Lt. 18", "Gedung Oltek Lt. 18"),
    ("Q H. No. 11-8-368", "H. No. 11-8-368"),
    ("O Boticário", "O Boticário"),
    ("QA Lead", "QA Lead"),
    ("l Dr. B.M.G. Ramesh Kulkarni", "Dr. B.M.G. Ramesh Kulkarni"),
    ("l 418, Citylight Main Road", "418, Citylight Main Road"),
    ("l'Oréal Paris", "l'Oréal Paris"),
    // A letter and an '@', '®' or '©' before a number or a capitalised word.
    ("Ẹ® Rua Voluntários da Pátria, 1090", "Rua Voluntários da Pátria, 1090"),
    ("Ọ© Xana Pavilion, Room 197", "Xana Pavilion, Room 197"),
    ("f@ +1617 555 0168", "+1617 555 0168"),
    ("Ọ@ Lab. +1 415-555-0124", "Lab. +1 415-555-0124"),
    ("Ọ@ Gedung Zovi Lt. 8", "Gedung Zovi Lt. 8"),
    ("a@ acme", "a@ acme"),
    ("Ọ? Level 4, 110 George Street", "Level 4, 110 George Street"),
    ("Ọ? 1395 Main Street, Suite 1200", "1395 Main Street, Suite 1200"),
    ("A? Level 4", "A? Level 4"),
    // A round icon read as a lower-case letter in brackets; a printed label in capitals stays.
    ("(e) 418, Citylight Shopping Center,", "418, Citylight Shopping Center,"),
    ("(O) 022-2345 6789", "(O) 022-2345 6789"),
    ("(e) and more", "(e) and more"),
    // A pin read as a "9" before a postal mark or an address numbered further on; a house
    // number stays.
    ("9 〒450-0002 Vavelri Bldg. 16F", "〒450-0002 Vavelri Bldg. 16F"),
    ("9 T450-0002 Vavelri Bldg. 16F", "T450-0002 Vavelri Bldg. 16F"),
    ("9 Flat No. 264, Xamo Plaza", "Flat No. 264, Xamo Plaza"),
    ("9 Cumhuriyet Mah. Lale Sok. No: 69/7", "Cumhuriyet Mah. Lale Sok. No: 69/7"),
    ("9 Victoria Street", "9 Victoria Street"),
    ("9 Church Lane, Suite 4", "9 Church Lane, Suite 4"),
    ("9 Viol Center 3C, 1973 Elm Avenue", "Viol Center 3C, 1973 Elm Avenue"),
    ("9 Park Street, 560001 Bangalore", "9 Park Street, 560001 Bangalore"),
    // A pin read as a 9 and a mark.
    ("9% 343 George Street", "343 George Street"),
    ("9% Rua Sete de Setembro, 1417", "Rua Sete de Setembro, 1417"),
    ("9% off", "9% off"),
])
func dropsIconGlyphsBeforeALine(_ c: (String, String)) {
    #expect(Segment.dropIconGlyphs(c.0) == c.1)
}

/// Protects the address behind a pin icon: the glyph OCR read is not part of the address.
@Test func addressBehindAPinIconLosesTheGlyph() {
    let fields = extract("Priya Shah\nọ 418, Citylight Shopping Center,\nCitylight Main Road, Surat - 395 002.")
    #expect(fields.address?.value.hasPrefix("418, Citylight") == true)
}

// MARK: - Addresses on real cards

/// Protects address lines joined by their printed trailing commas and an Indian PIN in two
/// groups of three: no line of the address is lost although two have no street word.
@Test func addressLinesEndingInACommaStayTogether() {
    let fields = extract(
        "Pankaj Mehta\nRelationship Manager\n1st Floor, Shivpuja Shopping Centre,\nAbove Bank of Baroda,\n"
            + "Citylight, Surat - 395 007.\nMobile: 09727588866")
    #expect(
        fields.address?.value
            == "1st Floor, Shivpuja Shopping Centre, Above Bank of Baroda, Citylight, Surat - 395 007.")
}

/// Protects address words of Indian and Malaysian cards: "Tower-B, Sector-15" continues the address.
@Test func sectorAndPlotLinesAreAddressLines() {
    let fields = extract("Richa Goel\nBusiness Manager\nTower-B, Sector-15\nGurugram, Haryana 122001\nIndia")
    #expect(fields.address?.value == "Tower-B, Sector-15, Gurugram, Haryana 122001, India")
}

// MARK: - Companies on two lines

/// Protects a company name printed on two lines with the legal form on the second: both lines
/// make the company, and the person and title lines stay what they are.
@Test func companyOnTwoLinesWithTheLegalFormBelow() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("Amazon Internet", y: 40, height: 40),
            line("Services Private Limited", y: 90, height: 40),
            line("Pulkit Sinha", y: 200, height: 36),
            line("Business Development Team", y: 250, height: 30),
            line("pulkits@amazon.com", y: 400, height: 26),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.company?.value == "Amazon Internet Services Private Limited")
    #expect(fields.name?.value == "Pulkit Sinha")
}

/// A line that is nothing but a legal form ("Công ty TNHH") is the first half of the company:
/// the name on the line below joins it, even when it is name-shaped ("Suri Việt Nam"); and a
/// business word beside the domain's word heads the legal-form line ("Elmi Engineering" /
/// "Works LLP" on elmi.co.in), where alone it would be a unit.
@Test func companyUnderABareLegalFormAndABusinessWordHead() {
    let vietnamese = extract(lines: [
        line("Công ty TNHH", y: 40, height: 28), line("Suri Việt Nam", y: 75, height: 28),
        line("Vũ Hùng", y: 130, height: 41), line("Project Manager", y: 180, height: 22),
        line("hung.vu@suri.com.vn", y: 400, height: 20),
    ])
    #expect(vietnamese.company?.value == "Công ty TNHH Suri Việt Nam")
    #expect(vietnamese.name?.value == "Vũ Hùng")
    let indian = extract(lines: [
        line("Elmi Engineering", y: 40, height: 32), line("Works LLP", y: 80, height: 31),
        line("CA BHAVNA DESHMUKH", y: 130, height: 44), line("Chartered Accountant", y: 180, height: 23),
        line("bdeshmukh@elmi.co.in", y: 400, height: 20),
    ])
    #expect(indian.company?.value == "Elmi Engineering Works LLP")
    #expect(indian.title?.value == "Chartered Accountant")
}

/// Protects a wordmark above the legal-form line: the head may be in type up to 2.5 times
/// larger when it is one or two words directly above ("Reliance" / "Retail Limited").
@Test func wordmarkAboveLegalFormLineStartsTheCompany() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("Dr. Sanjay Buch", y: 60, height: 36, x: 430),
            line("Business Information Officer", y: 110, height: 26, x: 430),
            line("Reliance", y: 296, height: 50, x: 126),
            line("Retail Limited", y: 360, height: 26, x: 132),
            line("sanjay.buch@ril.com", y: 500, height: 26, x: 430),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.company?.value == "Reliance Retail Limited")
    #expect(fields.name?.value == "Dr. Sanjay Buch")
}

/// Protects an address line behind a pin icon: the icon OCR read as "ọ" is taller than the text,
/// and the line's height for layout is the text's, so it still heads the address below it.
@Test func addressLineBehindATallIconStartsTheAddress() {
    func words(_ text: String, x: Int, y: Int, height: Int) -> RecognizedLine {
        var left = x
        let words = text.split(separator: " ").map { word -> RecognizedWord in
            defer { left += word.count * height / 2 + height / 3 }
            return RecognizedWord(
                text: String(word), box: PixelBox(x: left, y: y, width: word.count * height / 2, height: height),
                confidence: 0.9)
        }
        let box = words.dropFirst().reduce(words[0].box) { $0.union($1.box) }
        return RecognizedLine(text: text, box: box, confidence: 0.9, words: words)
    }
    var icon = words("ọ 418, Citylight Shopping Center,", x: 45, y: 378, height: 30)
    icon.words[0].box = PixelBox(x: 45, y: 378, width: 34, height: 50)
    icon.box = icon.words.dropFirst().reduce(icon.words[0].box) { $0.union($1.box) }
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            words("CA Aakruti Dalmia", x: 59, y: 20, height: 40),
            words("+91 86901 92041", x: 83, y: 76, height: 24),
            icon,
            words("Opp. Indraprasth Apt.,", x: 92, y: 430, height: 30),
            words("Citylight Main Road, Surat.", x: 92, y: 473, height: 30),
            words("asksassociates@mail.com", x: 604, y: 441, height: 30),
        ])
    let fields = extractor.extract(from: page)
    #expect(
        fields.address?.value == "418, Citylight Shopping Center, Opp. Indraprasth Apt., Citylight Main Road, Surat.")
}

/// Protects a two-line company from an unsure reading above it: "m m cmm mm" is not the head.
@Test func unsureLineAboveLegalFormIsNoCompanyHead() {
    let lines = [
        line("Priya Raman", y: 40, height: 36),
        line("m m cmm mm mm m am Im", y: 300, height: 36, confidence: 0.35),
        line("Aurora Foods Private Limited", y: 345, height: 36),
        line("info@aurorafoods.in", y: 420, height: 24),
    ]
    let fields = extract(lines: lines)
    #expect(fields.company?.value == "Aurora Foods Private Limited")
}

/// Protects a department printed above the company from being taken as the company's first line.
@Test func departmentAboveTheCompanyIsNotItsFirstLine() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("Maria Keller", y: 20, height: 44),
            line("Head of Marketing", y: 80, height: 28),
            line("Sales & Marketing", y: 130, height: 28),
            line("Evergreen Design Pty Ltd", y: 170, height: 28),
        ])
    #expect(extractor.extract(from: page).company?.value == "Evergreen Design Pty Ltd")
}

/// Protects Indian name forms: two initials before the surname, "CA" before a chartered accountant.
@Test(arguments: [
    ("J. C. CHAUHAN\nSr. Accountant\nGAIL (India) Limited", "J. C. CHAUHAN"),
    ("CA AAKRUTI DALMIA\n+91 86901 92041\n418, Citylight Shopping Center,", "CA AAKRUTI DALMIA"),
])
func indianNameForms(_ c: (String, String)) {
    #expect(extract(c.0).name?.value == c.1)
}

/// Protects "St." before a name: it is Saint ("St. Francis"), not the street word, so a clinic's
/// name is no address line; "Main St." still is.
@Test func saintIsNoStreetWord() {
    let page = RecognizedPage.plainText("St. Francis\nAna Lima\n2016 S. Main St.\nMaryville, MO 64468", languages: "eng")
    let lines = extractor.explain(page).lines
    #expect(lines.first { $0.text == "St. Francis" }?.features["street_word"] == nil)
    #expect(lines.first { $0.text == "2016 S. Main St." }?.features["street_word"] == 1)
}

/// Protects patronymic names: particles inside a name (bin, van, de) do not count toward the
/// two-to-four word limit of a name-shaped line, in any case.
@Test func particlesInsideANameDoNotMakeItTooLong() {
    let scorer = LineScorer(
        lexicons: Lexicons.shared, context: CardContext(emails: [], websites: [], sizes: [30]))
    #expect(scorer.nameShape("Muhammad Rushdi BIN Abu Hassan").wellFormed)
    #expect(scorer.nameShape("Ludwig van Beethoven").wellFormed)
    #expect(!scorer.nameShape("Muhammad Rushdi Abu Hassan Ali").wellFormed)
}

/// Protects names above a printed rule: a dash line read as "一一" or "———" is no text and
/// does not stand between the name and its title.
@Test func aRuleReadAsCharactersIsJunk() {
    for rule in ["一一", "ーー", "———", "- - -"] {
        let segment = Segment(
            text: rule, label: nil, labelText: nil, line: 0, part: 0,
            box: PixelBox(x: 0, y: 0, width: 100, height: 20), confidence: 0.9, block: 0, paragraph: 0, size: 20)
        #expect(LineScorer.isJunk(segment), "\(rule)")
    }
    let fields = extract("李芮明\n一一\n產品總監\n(852) 6373 0276\nvicky@sanuker.com", languages: "chi_tra+eng")
    #expect(fields.name?.value == "李芮明")
}

// MARK: - CJK lines

/// Protects Korean names: two to four Hangul syllables after a Korean surname are name-shaped.
@Test func hangulNameWithAKoreanSurnameIsNameShaped() {
    let scorer = LineScorer(
        lexicons: Lexicons.shared, context: CardContext(emails: [], websites: [], sizes: [30]))
    let shape = scorer.nameShape("김민준")
    #expect(shape.wellFormed && shape.chineseSurname)
    #expect(!scorer.nameShape("대표이사님께서").wellFormed)
}

/// Protects case-free scripts from Latin-only features: a kana line is neither "all capitals"
/// nor a Latin translation on a Han card.
@Test func kanaLineIsNotCapitalsOrLatin() {
    let page = RecognizedPage.plainText("株式会社関東マツダ\n営業マネージャー\n大川幸則", languages: "jpn")
    let result = extractor.explain(page)
    let kana = result.lines.first { $0.text == "営業マネージャー" }
    #expect(kana?.features["all_capitals"] == nil)
    #expect(kana?.features["latin_on_han_card"] == nil)
}

/// Protects Latin cards photographed on wood or fabric: the texture read with a CJK model
/// ("ーーニー一一") is strokes, not Han text, and does not make the names Latin lines on a Han card.
/// Protects the firm's line from the e-mail match meant for a person's name: a small business's
/// address spells the business ("acme.works@gmail.com"), not the proprietor.
@Test func localPartSpellingTheFirmIsNoNameEvidence() {
    let fields = extract("ACME ENGINEERING WORKS\nRajesh Kumar Sharma\n+91 98250 12345\nacme.works@gmail.com")
    #expect(fields.name?.value == "Rajesh Kumar Sharma")
    #expect(fields.company?.value == "ACME ENGINEERING WORKS")
}

/// Protects the name below an organisation whose words are names ("University of San
/// Francisco", "Stanley Harris Ltd"): only a person's name above counts against a name line.
@Test func organisationAboveIsNoNameLikeLine() {
    for above in ["University of San Francisco", "Stanley Harris Ltd", "Jane Doe"] {
        let result = extractor.explain(
            RecognizedPage.plainText("\(above)\nMegan H. Hayes\nPostdoctoral Scholar\nhayes@zoar.edu"))
        let name = result.lines.first { $0.text == "Megan H. Hayes" }
        #expect((name?.features["below_name_like_line"] != nil) == (above == "Jane Doe"), "\(above)")
    }
}

@Test func textureReadAsStrokesIsNoHanText() {
    let page = RecognizedPage.plainText(
        "ーーニー一一\nKiran H. Kadam\nニーー ーー一一\nBusiness Development Manager\nkiran.kadam@dorruva.in",
        languages: "jpn+eng")
    let result = extractor.explain(page)
    let name = result.lines.first { $0.text == "Kiran H. Kadam" }
    #expect(name?.features["latin_on_han_card"] == nil)
    #expect(LineScorer.isTexture("ーーデーニー一"))
    #expect(!LineScorer.isTexture("一人") && !LineScorer.isTexture("--"))
    // Real Han lines still make a Han card.
    let han = extractor.explain(
        RecognizedPage.plainText("李芮明\n產品總監\nVicky Lee", languages: "chi_tra+eng"))
    #expect(han.lines.first { $0.text == "Vicky Lee" }?.features["latin_on_han_card"] != nil)
}

/// Protects the type sizes of a Latin card on wood read with a CJK model: the grain's stroke
/// lines, read taller than the print, are not the card's type, so the name is not "small".
@Test func textureIsNotTheCardsTypeSize() {
    let lines = [
        line("ーーニー一一", y: 10, height: 70), line("Kiran H. Kadam", y: 100, height: 40),
        line("ニーー ーー一一", y: 160, height: 70), line("Business Development Manager", y: 250, height: 28),
        line("kiran.kadam@dorruva.in", y: 300, height: 26),
    ]
    let result = extractor.explain(
        RecognizedPage(width: 1050, height: 600, lines: lines, languages: "jpn+eng"))
    let name = result.lines.first { $0.text == "Kiran H. Kadam" }
    #expect(name?.features["small"] == nil)
    #expect(name?.features["tallest"] != nil)
}

/// Protects a role word hyphenated to its scope ("Manager-Equities"), or glued to its seniority
/// by a dot ("Sr.Executive-Accounts"): the line is still a title.
@Test func hyphenatedRoleWordMakesATitle() {
    let fields = extract("Pankaj B. Patel\nRelationship Manager-Equities\nHDFC Securities Ltd.\npankaj@hdfcsec.com")
    #expect(fields.title?.value == "Relationship Manager-Equities")
    let glued = extract("Rahul Verma\nSr.Executive-Accounts\nABC Industries Pvt. Ltd.\nrahul@abc-industries.com")
    #expect(glued.title?.value == "Sr.Executive-Accounts")
}

// MARK: - Companies on two lines

/// A company name whose legal form is printed alone on the line below keeps it.
@Test func legalFormOnTheLineBelowEndsTheCompany() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("Saru Infra Projects Pvt.", y: 40, height: 30),
            line("Ltd.", y: 76, height: 30),
            line("Divya Rao", y: 160, height: 36),
            line("Branch Manager", y: 210, height: 18),
            line("divya@saru.co.in", y: 300, height: 18),
        ])
    #expect(extractor.extract(from: page).company?.value == "Saru Infra Projects Pvt. Ltd.")
}

/// A wordmark with a descriptor of company words printed smaller under it is one company name;
/// a role line under a wordmark is not.
@Test func descriptorUnderAWordmarkJoinsIt() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("zomi", y: 40, height: 46),
            line("Travel", y: 92, height: 19),
            line("Murat Can YILDIRIM", y: 200, height: 26),
            line("Mali Müşavir", y: 240, height: 20),
            line("murat@zomi.com.tr", y: 300, height: 18),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.company?.value == "zomi Travel")
    #expect(fields.name?.value == "Murat Can YILDIRIM")
}

/// A title that names its own unit takes no department printed elsewhere on the card (the
/// organisation above it); a department right under such a title, or under the last line of a
/// title printed over two, is still its department.
@Test func titleWithItsOwnUnitTakesNoDistantDepartment() {
    let distant = extract(
        "Durga Rao\nHead, Disaster Management Support Division\nNational Remote Sensing Centre\n"
            + "+91 40 2388 4541\nDepartment of Space, Government of India\ndurga@nrsc.gov.in")
    #expect(distant.title?.value == "Head, Disaster Management Support Division")
    #expect(distant.department == nil)

    let below = extract("Jane Doe\nHead, Research Division\nCloud & AI Department\nACME Robotics Inc.")
    #expect(below.title?.value == "Head, Research Division")
    #expect(below.department?.value == "Cloud & AI Department")

    // The unit further down scores higher as a department than the title as a title: the title
    // is kept all the same, the unit is left out.
    let surer = extract(
        "Katharina Braun\nChair, Department of Electrical Engineering\n+1 312 555 0145\n"
            + "School of Engineering\nVelanix University\nbraun@velanix.edu")
    #expect(surer.title?.value == "Chair, Department of Electrical Engineering")
    #expect(surer.department == nil)

    // A title over two lines, the second a role of its own: the unit right under its last line
    // is its department.
    let twoLines = extract(
        "Emily Reynolds, Ph.D.\nChair, Department of Mathematics\nResearch Scientist\n"
            + "Institute for Biomedical Imaging\nOlva Medical Center\nreynolds@olva.org")
    #expect(twoLines.title?.value == "Chair, Department of Mathematics Research Scientist")
    #expect(twoLines.department?.value == "Institute for Biomedical Imaging")
}

/// Two roles printed one under the other in Han script ("執行役員" / "営業本部長", "總監" /
/// "產品經理") are one title, as Latin and katakana ones are; a Han line without a role under a
/// title does not join it.
@Test func stackedHanRolesAreOneTitle() {
    let japanese = extract("山田太郎\n執行役員\n営業本部長\n株式会社ミニミニ\nTEL 03-1234-5678", languages: "jpn+eng")
    #expect(japanese.title?.value == "執行役員 営業本部長")
    let chinese = extract("陳大文\n總監\n產品經理\n美聯物業有限公司\n電話: 2345 6789", languages: "chi_tra+eng")
    #expect(chinese.title?.value == "總監 產品經理")
    let unit = extract("陳大文\n總監\n電子群組\n美聯物業有限公司\n電話: 2345 6789", languages: "chi_tra+eng")
    #expect(unit.title?.value == "總監")
}

/// A role printed before a name as its honorific ("Professor Rahul Mehta") leaves the line a name, keeps
/// it in the name (the labels print it so), and heads no title: the role line under it is the title. A
/// role with no name after it ("Professor of Radiology", "Professor" alone) stays a title.
@Test func anHonorificRoleBeforeANameIsTheName() {
    let director = extract(
        "Indian Institute of Management\nProfessor Rahul Mehta\nDirector\nrahul.mehta@iim.ac.in")
    #expect(director.name?.value == "Professor Rahul Mehta")
    #expect(director.title?.value == "Director")
    let student = extract(
        "Lenkorsa Chamber of Commerce\nProfessor Mary-Kate Foster\nGraduate Student\nBiology Laboratory\n"
            + "+61 2 5550 8746")
    #expect(student.name?.value == "Professor Mary-Kate Foster")
    #expect(student.company?.value == "Lenkorsa Chamber of Commerce")
    #expect(student.title?.value == "Graduate Student")
    let professor = extract("Anna Weber\nProfessor\nTechnische Universität Berlin\nanna.weber@tu-berlin.de")
    #expect(professor.name?.value == "Anna Weber")
    #expect(professor.title?.value == "Professor")
}

/// "Chief" and "Dean" are roles as a line's first word before a comma ("Chief, Division of
/// Cardiology", "Dean, School of Engineering"); alone they are a seniority word and a given name.
@Test func roleOnlyBeforeAComma() {
    let chief = extract(
        "Felix Schäfer PhD\nChief, Division of Cardiology\nProfessor of Radiology\nDorkorxa University\n"
            + "+1 206 555 0126\nschafer@dorkorxa.org")
    #expect(chief.title?.value == "Chief, Division of Cardiology Professor of Radiology")
    let dean = extract(
        "Ingrid Kristiansen\nDean, School of Engineering\nOlar Research Institute\nik@olar.edu")
    #expect(dean.title?.value == "Dean, School of Engineering")
    // Under a role, such a line is the title's second role, with its own unit.
    let second = extract(
        "Olivia O'Brien\nZone College\nLibrarian\nDean, School of Engineering\n+1 312 555 0161\n"
            + "olivia.obrien@zone.org")
    #expect(second.title?.value == "Librarian Dean, School of Engineering")
    let lexicons = Lexicons.shared
    #expect(lexicons.roleHits(words: ["dean", "foster"], folded: "dean foster").isEmpty)
    #expect(lexicons.roleHits(words: ["chief", "of", "staff"], folded: "chief of staff").isEmpty == false)
}

/// Titles printed on cards of technology firms, labs, publishers, trades and Indian offices are
/// found as titles on a plain card (name, title, company, address, e-mail).
@Test(arguments: [
    "Member of Technical Staff", "Senior Member of Technical Staff", "Research Staff Member",
    "Member, Board of Directors", "Managing Member", "Publisher", "Distinguished Engineer",
    "General Partner", "Chief Scientist", "Field Applications Engineer", "Consulting Professor",
    "Visiting Researcher", "Ph.D. Student", "Graduate Research Assistant", "Research Fellow",
    "Editor-in-Chief", "Solutions Architect", "Broker Associate", "Sommelier", "Interpreter",
    "Prop.", "Headmistress", "Dietician", "Deputy Collector", "Volunteer", "Freelancer",
    "Dean of Students", "Dean of Engineering", "Vice Dean", "REALTOR®", "Licensed Real Estate Salesperson",
    "Fachärztin für Innere Medizin", "Zahnarzt", "Physiotherapeutin", "Senior Adviseur",
    "Kierownik Projektu", "Company Secretary", "Group Manager", "Store Keeper", "Scrum Master",
    "Arquitecta", "Contadora", "Psicóloga",
])
func commonTitlesAreFound(_ title: String) {
    let fields = extract(
        "Jane Doe\n\(title)\nAcme Systems Inc.\n100 Main Street\nPalo Alto, CA 94301\njane@acme.com")
    #expect(fields.title?.value == title)
}

/// A function printed under a one-line role is the title's unit ("Analyst" / "Risk
/// Management", "Senior Associate" / "Tax & Advisory").
@Test(arguments: [
    ("Manager", "Customer Experience"), ("Senior Associate", "Tax & Advisory"), ("Analyst", "Risk Management"),
    ("Consultant", "Digital Transformation"), ("Specialist", "Internal Audit"),
])
func functionUnderARoleIsItsUnit(_ role: String, _ function: String) {
    let fields = extract("Jane Doe\n\(role)\n\(function)\nAcme Systems Inc.\njane@acme.com")
    #expect([fields.title?.value, fields.department?.value].compactMap { $0 }.joined(separator: ", ")
        == "\(role), \(function)")
}

/// An icon at a line's end read as one letter goes from a title or company after a role word
/// or legal form; a letter that ends a brand stays.
@Test func trailingIconLetterLeavesTitleAndCompany() {
    #expect(Segment.trimJunk("Store Manager A") == "Store Manager")
    #expect(Segment.trimJunk("Moto Networks LLP N") == "Moto Networks LLP")
    #expect(Segment.trimJunk("Studio Plan B") == "Studio Plan B")
    #expect(Segment.trimJunk("Manager A") == "Manager A")
}

/// A degree that is also a US state's code after a doctor's name ("Sharma, MD") is no address;
/// after a city it still is ("Silver Spring, MD", "Jackson, MS").
@Test func degreeAfterANameIsNoStateCode() {
    let fields = extract("Heart Care Clinic\nDr. Rajesh K. Sharma, MD\nCardiologist\n(301) 555-0123")
    #expect(fields.name?.value == "Dr. Rajesh K. Sharma, MD")
    #expect(fields.address == nil)
    let city = extract("Heart Care Clinic\nDr. Rajesh K. Sharma\nCardiologist\n12 Elm Street\nSilver Spring, MD")
    #expect(city.address?.value == "12 Elm Street, Silver Spring, MD")
    let jackson = extract("Delta Foods Inc.\nJane Doe\nBuyer\n40 Main St.\nJackson, MS")
    #expect(jackson.address?.value == "40 Main St., Jackson, MS")
}

/// A trade's claims under its owner's role ("Licensed & Insured", "Family Owned & Operated")
/// are a tagline, not the title's second line.
@Test(arguments: ["Licensed & Insured", "Family Owned & Operated", "Free Estimates"])
func tradeClaimsAreNoTitleLine(_ claim: String) {
    let fields = extract("Kessler Plumbing & Heating\nRobert Kessler\nOwner\n\(claim)\nCell: 603-555-0113")
    #expect(fields.title?.value == "Owner")
}

/// Units printed under a title are departments: business functions, planning and affairs
/// offices, regions.
@Test(arguments: [
    "Human Resources", "Research & Development", "Legal Department", "Engineering Division",
    "Corporate Planning Office", "Public Affairs", "Strategic Planning", "Asia Pacific Region",
    "Investor Relations", "Supply Chain Management", "Office of the President", "Tokyo Branch",
    "Osaka Branch Office", "Singapore Representative Office", "Sucursal Monterrey",
])
func unitsUnderATitleAreDepartments(_ unit: String) {
    let fields = extract(
        "Jane Doe\nSenior Manager\n\(unit)\nOrbit Trading Co. Ltd.\n100 Main Street\nSpringfield 12345\n"
            + "jane@orbit.com")
    #expect(fields.department?.value == unit)
    #expect(fields.title?.value == "Senior Manager")
}

/// An address grows line by line: it never skips a line another field took (a phone, a company)
/// to join a line beyond it ("Member No. 4471" under the phone under the address).
@Test func addressRunSkipsNoLine() {
    let fields = extract(
        "Jane Doe\nSales Manager\nOrbit Trading Ltd.\n12 Main Street\nSpringfield, IL 62701\n"
            + "Tel: +1 217 555 0142\nMember No. 4471")
    #expect(fields.address?.value == "12 Main Street, Springfield, IL 62701")
}

/// A phone printed after a label no lexicon knows, ended by a colon ("Reservations:",
/// "Hotline:"), is a contact line: its label does not join the address above it.
@Test(arguments: ["Reservations", "Hotline", "Bookings"])
func phoneWithAnUnknownLabelIsNoAddressLine(_ label: String) {
    let fields = extract(
        "La Trattoria\nGiulia Romano\nOwner & Head Chef\n221 Baker Street, London NW1 6XE\n"
            + "\(label): 020 7946 0321\ninfo@latrattoria.co.uk")
    #expect(fields.address?.value == "221 Baker Street, London NW1 6XE")
    #expect(fields.phones.map(\.value) == ["020 7946 0321"])
}

/// A card with several offices, each line opening with its own label ("London:", "Regd. Office:"):
/// the first printed is the card's address, without its label; "Cad. No:" is no label.
@Test(arguments: [
    ("London: 20 Gresham Street, London EC2V 7JE", "Singapore: 8 Marina View, #40-01, Singapore 018960",
     "20 Gresham Street, London EC2V 7JE"),
    ("Regd. Office: 14 Park Street, Kolkata 700016", "Works: Plot 22, Industrial Area, Howrah 711101",
     "14 Park Street, Kolkata 700016"),
])
func firstOfSeveralLabelledAddressesIsTheCards(_ first: String, _ second: String, _ address: String) {
    let fields = extract("Meridian Consulting Ltd.\nLaura Chen\nPrincipal Consultant\n\(first)\n\(second)\n"
        + "laura.chen@meridianconsulting.com")
    #expect(fields.address?.value == address)
}

/// A name printed on two lines, the given name over the surname in one type, is one name.
@Test(arguments: [
    ("JANE", "DOE", "JANE DOE"), ("Maximilian", "Oberhausen-Schmidt", "Maximilian Oberhausen-Schmidt"),
])
func nameOverTwoLinesIsOneName(_ given: String, _ surname: String, _ name: String) {
    let lines = [
        line(given, y: 40, height: 36), line(surname, y: 80, height: 36),
        line("Sales Manager", y: 140, height: 20), line("Orbit Trading Ltd.", y: 170, height: 20),
        line("12 Main Street, Springfield, IL 62701", y: 200, height: 20),
        line("max.jane@orbittrading.com", y: 230, height: 20),
    ]
    #expect(extract(lines: lines).name?.value == name)
}

/// A bilingual name line, the Han name and then the Latin one, is the name: it is shaped by its
/// Latin part ("陳大文 Alan Chan" beside alan.chan@...), not taken for the company.
@Test func hanAndLatinNameOnOneLineIsTheName() {
    let fields = extract(
        "美聯物業\n陳大文 Alan Chan\n高級客戶經理\n香港九龍旺角彌敦道123號10樓\n"
            + "電話: (852) 2123 4567\nalan.chan@midland.com.hk")
    #expect(fields.name?.value == "陳大文 Alan Chan")
}

/// Professional and honorific prefixes of Spanish, Portuguese, Italian, Polish and Malay cards
/// are no part of the name's shape ("Lic." before a four-word Mexican name).
@Test(arguments: [
    "Lic. María Fernanda López Hernández", "Arq. Sofía Ramírez", "Dato' Ahmad Zaki", "Hj. Ismail Hassan",
    "inż. Anna Kowalska",
])
func professionalPrefixesBeforeANameAreAffixes(_ name: String) {
    let scorer = LineScorer(
        lexicons: Lexicons.shared, context: CardContext(emails: [], websites: [], sizes: [30]))
    let shape = scorer.nameShape(name)
    #expect(shape.wellFormed && shape.hasAffix)
}

/// Initials printed without spaces before a surname ("D.K.Umak", "J.C.Chauhan", common on Indian
/// cards) are a name of three words, not one word; "Dr.Smith"-like words and abbreviations stay;
/// an initial read with a colon for its dot ("J. C: CHAUHAN") is still an initial.
@Test func initialsGluedToASurnameAreANameShape() {
    #expect(LineScorer.splitGluedInitials("D.K.Umak") == ["D.", "K.", "Umak"])
    #expect(LineScorer.splitGluedInitials("U.S.A.") == ["U.S.A."])
    #expect(LineScorer.splitGluedInitials("M.P.") == ["M.P."])
    let scorer = LineScorer(
        lexicons: Lexicons.shared, context: CardContext(emails: [], websites: [], sizes: [30]))
    #expect(scorer.nameShape("D.K.Umak").wellFormed)
    // An initial's dot read as a colon.
    #expect(scorer.nameShape("J. C: CHAUHAN").wellFormed)
    #expect(LineScorer.repairInitial("C:") == "C.")
    #expect(LineScorer.repairInitial("Tel:") == "Tel:")
    let fields = extract(
        "M.P. Council of Science & Technology\nD.K.Umak\nScientist\n"
            + "26, Kisan Bhavan, Jail Road, Bhopal - 462004\n0755 - 554712\nmpcost@mp.nic.in")
    #expect(fields.name?.value == "D.K.Umak")
}

/// A South Indian name with the initial after it ("Shweta Chowdary. B", "Kumar Swamy. M") is a
/// name shape; other initials still do not end a name.
@Test func initialAfterADottedNameIsANameShape() {
    let scorer = LineScorer(
        lexicons: Lexicons.shared, context: CardContext(emails: [], websites: [], sizes: [30]))
    #expect(scorer.nameShape("Shweta Chowdary. B").wellFormed)
    #expect(scorer.nameShape("Kumar Swamy. M").wellFormed)
    #expect(!scorer.nameShape("Shweta Chowdary B").wellFormed)
    #expect(!scorer.nameShape("Jane C. D").wellFormed)
    // "M." before one word is an initial, not Monsieur ("M. Harish").
    #expect(scorer.nameShape("M. Harish").wellFormed)
    #expect(!scorer.nameShape("M. Harish").hasAffix)
    let fields = extract(lines: [
        line("RIZO IT Solutions", y: 40, height: 30),
        line("Shweta Chowdary. B", y: 90, height: 31),
        line("Director", y: 140, height: 19),
        line("+91 790747 9796", y: 300, height: 16),
        line("schowdary@rizo.co.in", y: 330, height: 16),
    ])
    #expect(fields.name?.value == "Shweta Chowdary. B")
}

/// A stray mark read as an apostrophe before a capitalised word goes ("'Vami Travel", "Phạm
/// 'Thanh Phương"); apostrophes inside a name and the Dutch "'s" stay.
@Test func strayApostropheBeforeACapitalisedWordGoes() {
    #expect(Text.repairLetters("'Vami Travel") == "Vami Travel")
    #expect(Text.repairLetters("Phạm 'Thanh Phương") == "Phạm Thanh Phương")
    #expect(Text.repairLetters("Ryan O'Brien") == "Ryan O'Brien")
    #expect(Text.repairLetters("'s-Hertogenbosch") == "'s-Hertogenbosch")
    let fields = extract(
        "'Vami Travel\nPhạm 'Thanh Phương\nPhó Giám Đốc / Deputy Director\nphuong@vami.com.vn")
    #expect(fields.name?.value == "Phạm Thanh Phương")
}

/// A legal form printed in lower case ("pvt. ltd.", "ltda") is not taken for a misread capital I.
@Test func lowerCaseLegalFormIsKept() {
    #expect(Text.repairLetters("kaveri textiles pvt. ltd.") == "kaveri textiles pvt. ltd.")
    #expect(Text.repairLetters("comercio de pecas ltda") == "comercio de pecas ltda")
    let fields = extract("kaveri textiles pvt. ltd.\nSuresh Menon\nManager\nsuresh@kaveritextiles.in")
    #expect(fields.company?.value == "kaveri textiles pvt. ltd.")
}

/// "Office" before a unit number and a street is the address's, not a phone label ("Office
/// 1204, Burj Gate Tower, Sheikh Zayed Road").
@Test func officeNumberBeforeAStreetIsAnAddress() {
    let fields = extract(
        "Al Noor Engineering Consultants\nKhalid Al Hashimi\nProject Director\n"
            + "Office 1204, Burj Gate Tower, Sheikh Zayed Road, Dubai, UAE\nTel: +971 4 321 0000\n"
            + "khalid@alnoor-eng.ae")
    #expect(fields.address?.value == "Office 1204, Burj Gate Tower, Sheikh Zayed Road, Dubai, UAE")
}

/// A list of shops, each line behind a bullet that OCR read as "e": the first is the card's
/// address, without its bullet and closing dash, and the next items are not joined to it.
@Test func firstOfABulletedAddressListIsTheCards() {
    let lines = [
        line("DOMINIO AUTO PEÇAS", y: 40, height: 40),
        line("contato@autopecasdominio.com.br", y: 100, height: 20),
        line("e Av. Rio das Pedras, 1553 -", y: 140, height: 20),
        line("3123-0800", y: 140, height: 20, x: 600),
        line("e Av. Sapopemba, 2449 -", y: 170, height: 20), line("2966-2550", y: 170, height: 20, x: 600),
        line("e Av. do Cursino, 2283 -", y: 200, height: 20), line("5067-1991", y: 200, height: 20, x: 600),
    ]
    #expect(extract(lines: lines).address?.value == "Av. Rio das Pedras, 1553")
}

/// An area code printed in brackets on one line and misread with a "1" for a bracket on the
/// next gets its brackets back ("(40) - 3740368" above "1401 3746419"); a number that only looks
/// so, with no bracketed code on the card, is left alone.
@Test func areaCodeBracketsReadAsOnesAreRestored() {
    let fields = extract(
        "UPENDER REDDY V\nSupport Engineer\nSIERRA OPTIMA LIMITED\nHyderabad - 500 082, India\n"
            + "(40) - 3740368\n1401 3746419\nupenderv@sierraopt.com")
    #expect(fields.phones.map(\.value).contains("(40) 3746419"))
    var segments = [Segment(
        text: "1401 3746419", label: nil, labelText: nil, line: 0, part: 0,
        box: PixelBox(x: 0, y: 0, width: 100, height: 20), confidence: 0.9, block: 0, paragraph: 0, size: 20)]
    Phones.restoreAreaCodeBrackets(&segments)
    #expect(segments[0].text == "1401 3746419")
}

/// A phone icon read as a digit before a local number without its area code ("2 3569-6905"
/// under a São Paulo address) is dropped: the number is kept as printed, not lost.
@Test func iconDigitBeforeALocalNumberIsDropped() {
    let fields = extract("optica da jo\nAv. Itaquera, 2994 - Jd. Fernandes - SP\n2 3569-6905\n97038-8110")
    #expect(fields.phones.map(\.value) == ["3569-6905", "97038-8110"])
}

/// Separator bars read as "I", "l" or a backslash between the parts of an address line become
/// commas; "Phase I" and a single "I" stay, unless a postcode's digits show an address line.
@Test func barsReadAsLettersSeparateAddressParts() {
    #expect(Text.barsReadAsI("G-1 I Plot A-27 I Road No.10 I Wagle Industrial Estate")
        == "G-1, Plot A-27, Road No.10, Wagle Industrial Estate")
    #expect(Text.barsReadAsI("G-1 \\ Plot A-27 \\ Road No.10, Wagle Industrial Estate I MIDC")
        == "G-1, Plot A-27, Road No.10, Wagle Industrial Estate, MIDC")
    #expect(Text.barsReadAsI("Phase I Sector I Noida") == "Phase I Sector I Noida")
    #expect(Text.barsReadAsI("Tom I Jones") == "Tom I Jones")
    #expect(Text.barsReadAsI("Thane, Maharashtra Í India - 400604") == "Thane, Maharashtra, India - 400604")
    #expect(Text.barsReadAsI("Thane, Maharashtra I India - 400604") == "Thane, Maharashtra, India - 400604")
    #expect(Text.barsReadAsI("Road No.10, Wagle Industrial Estate |Ì MIDC")
        == "Road No.10, Wagle Industrial Estate, MIDC")
    #expect(Text.barsReadAsI("Phase I Noida 201301") == "Phase I Noida 201301")
    #expect(Text.barsReadAsI("Jason I Miller") == "Jason I Miller")
    let fields = extract(
        "NEXTGEN TECH INITIATIVES PVT LTD\nMehul Nachane\n"
            + "G-1 I Plot A-27 I Road No.10 I Wagle Industrial Estate I MIDC Thane, Maharashtra I "
            + "India - 400604\nmehul.nachane@nextgen-tech.in")
    #expect(fields.address?.value.contains(" I ") == false)
}

/// A numbered unit ("Corporate Banking Division No. 3", "Sales Group 2") is no street and number:
/// it does not start an address, and the printed address stays the card's.
@Test(arguments: ["Corporate Banking Division No. 3", "Second Sales Group 2"])
func numberedUnitIsNoStreet(_ unit: String) {
    let fields = extract(
        "Ichiro Tanaka\nVice President\n\(unit)\nKoyo Bank, Ltd.\n"
            + "1-5-5 Otemachi, Chiyoda-ku, Tokyo 100-8176\nichiro.tanaka@koyo-bank.co.jp")
    #expect(fields.address?.value == "1-5-5 Otemachi, Chiyoda-ku, Tokyo 100-8176")
}

/// A second role under the title that names its own unit ("Chief, Division of Nephrology") is
/// the person's role too, not the card's department.
@Test(arguments: ["Chief, Division of Nephrology", "Chair, Department of Electrical Engineering"])
func secondRoleWithItsUnitContinuesTheTitle(_ second: String) {
    let fields = extract(
        "Ngozi Osei\nAttending Physician\n\(second)\nTavora University\n450 Serra Mall\n"
            + "Stanford, CA 94305\nnosei@tavora.edu")
    #expect(fields.title?.value == "Attending Physician \(second)")
    #expect(fields.department == nil)
}

/// Units of universities, hospitals and institutes named before their subject are departments;
/// the institution itself ("University of ...") is not.
@Test(arguments: ["School of Medicine", "Center for Integrated Systems", "Graduate School of Business",
                  "Institute for Energy Research", "Faculty of Law"])
func academicUnitIsADepartment(_ unit: String) {
    let fields = extract(
        "Jane Doe\nAssociate Professor\n\(unit)\nBelmora University\n450 Serra Mall\nStanford, CA 94305\n"
            + "jdoe@belmora.edu")
    #expect(fields.title?.value == "Associate Professor")
    #expect(fields.department?.value == unit)
    #expect(fields.company?.value == "Belmora University")
}

/// A line in capitals that no field wants, printed smaller directly under a standout wordmark,
/// is the wordmark's descriptor ("NYU" / "ATHLETICS"); a name under the wordmark is not.
@Test func capitalsDescriptorUnderAStandoutWordmarkJoinsIt() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("A. Srinivas Rao", y: 40, height: 30),
            line("98480 41937", y: 90, height: 24),
            line("Sri Shirdi Sai", y: 200, height: 57),
            line("CATERERS", y: 264, height: 40),
            line("Kavuri Hills - 1, Madhapur,", y: 420, height: 24),
            line("Hyderabad.", y: 450, height: 24),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.company?.value == "Sri Shirdi Sai CATERERS")
    #expect(fields.name?.value == "A. Srinivas Rao")

    let named = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("98480 41937", y: 90, height: 24),
            line("Sri Shirdi Sai", y: 200, height: 57),
            line("SRINIVAS RAO", y: 264, height: 30),
            line("Kavuri Hills - 1, Madhapur,", y: 420, height: 24),
            line("Hyderabad.", y: 450, height: 24),
        ])
    #expect(extractor.extract(from: named).company?.value == "Sri Shirdi Sai")
}

/// A descriptor of company words under a wordmark joins it even with a street word in it
/// ("Aoba" / "Training Centre"): a descriptor, not an address line.
@Test func descriptorWithAStreetWordJoinsTheWordmark() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("Aoba", y: 40, height: 60),
            line("Training Centre", y: 110, height: 20),
            line("SAITO Yuki", y: 220, height: 40),
            line("Representative Director & CEO", y: 270, height: 20),
            line("2-7-27 Minatomirai, Nishi-ku", y: 420, height: 20),
            line("Yokohama 220-0012, Japan", y: 450, height: 20),
            line("yuki.saito@aoba.co.jp", y: 500, height: 20),
        ])
    #expect(extractor.extract(from: page).company?.value == "Aoba Training Centre")
}

/// On a card that prints no address the descriptor ("Training Centre": its street word is a
/// company word, and it has no number) is no address of its own: it joins the wordmark.
@Test func descriptorWithAStreetWordIsNoAddressAlone() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("hikari", y: 40, height: 70),
            line("Training Centre", y: 140, height: 30),
            line("Kaori WATANABE", y: 250, height: 40),
            line("Section Chief", y: 300, height: 24),
            line("+81 90-2818-3647", y: 400, height: 20),
            line("kaori.watanabe@hikari.co.jp", y: 440, height: 22),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.address == nil)
    #expect(fields.company?.value == "hikari Training Centre")
}

/// Credentials in brackets a size down after a name ("Nachiket Patel (M.Sc. ICT, SCJP)", word
/// boxes of a real card's reading): the name is a piece of its own, and the name is returned
/// without them, as the label convention has it. In the name's own type they stay with the
/// name; a bracketed area code leaves the line whole.
@Test func smallerBracketedCredentialsAfterANameAreTheirOwnPiece() {
    func word(_ text: String, _ x: Int, _ y: Int, _ w: Int, _ h: Int) -> RecognizedWord {
        RecognizedWord(text: text, box: PixelBox(x: x, y: y, width: w, height: h), confidence: 0.93)
    }
    func line(_ words: [RecognizedWord]) -> RecognizedLine {
        let box = words.dropFirst().reduce(words[0].box) { $0.union($1.box) }
        return RecognizedLine(
            text: words.map(\.text).joined(separator: " "), box: box, confidence: 0.93, words: words)
    }
    let same = 0.842...1.187
    let smaller = line([
        word("Nachiket", 28, 880, 133, 25), word("Patel", 170, 879, 74, 24), word("(M.Sc.", 254, 880, 69, 24),
        word("ICT,", 338, 880, 39, 21), word("SCJP)", 390, 879, 68, 24),
    ])
    #expect(
        Segment.separatingSmallerBrackets(smaller, sameType: same) == "Nachiket Patel | (M.Sc. ICT, SCJP)")
    let sameType = line([
        word("Nachiket", 28, 880, 133, 25), word("Patel", 170, 879, 74, 24), word("(M.Sc.", 254, 878, 69, 31),
        word("ICT,", 338, 880, 39, 25), word("SCJP)", 390, 878, 68, 31),
    ])
    #expect(Segment.separatingSmallerBrackets(sameType, sameType: same) == nil)
    let areaCode = line([
        word("Mobile", 28, 880, 100, 25), word("Phone", 140, 879, 90, 24), word("(852)", 254, 880, 69, 24),
    ])
    #expect(Segment.separatingSmallerBrackets(areaCode, sameType: same) == nil)
    let page = RecognizedPage(
        width: 560, height: 1040,
        lines: [
            smaller, line([word("Founder", 29, 908, 116, 22)]),
            line([word("nachiket@logicwind.com", 26, 963, 361, 30)]),
        ])
    #expect(extractor.extract(from: page).name?.value == "Nachiket Patel")
}

/// A bracket spans about the ascenders to the descenders: a bracketed word measures as the same
/// type as the word without its brackets.
@Test func bracketsCountInATypeSize() throws {
    func size(_ text: String, _ height: Int) throws -> Double {
        let box = PixelBox(x: 0, y: 0, width: 80, height: height)
        return try #require(Segment.typeSize(of: RecognizedWord(text: text, box: box, confidence: 0.9)))
    }
    #expect(abs(try size("(M.Sc.", 26) - size("M.Sc.", 20)) < 0.5)
    #expect(abs(try size("SCJP)", 26) - size("SCJP", 20)) < 0.5)
    #expect(abs(try size("[ext]", 26) - size("Hang", 26)) < 0.5)
}

/// Marks are measured with their letters: an accent over a capital rises above the cap height,
/// one over a short letter reaches about the ascenders, a dot below or a cedilla hangs under the
/// baseline. Words of one type (cap height 20 px) come out one size whatever their marks.
@Test(arguments: [
    ("CONG", 20), ("CÔNG", 25), ("İPEK", 25), ("MAI", 20), ("MẠI", 24), ("cau", 14), ("câu", 20),
    ("Hang", 26), ("Hạng", 26), ("şu", 18),
])
func marksCountInATypeSize(_ text: String, _ height: Int) throws {
    let box = PixelBox(x: 0, y: 0, width: 80, height: height)
    let word = RecognizedWord(text: text, box: box, confidence: 0.9)
    let size = try #require(Segment.typeSize(of: word))
    #expect(abs(size - 20) < 0.6, "\(text): \(size)")
}

/// A centred card's last address line read as two pieces ("Chicago, IL" | "60674-5199", boxes
/// from a generated reading): neither piece is aligned under the street line, but their row
/// is centred under it, so the run goes on to both.
@Test func centredAddressRowReadInPiecesContinuesTheRun() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            at("Veldorel University", 343, 68, 363, 37),
            at("Katharina Braun PhD", 282, 145, 484, 35),
            at("Professor of History", 393, 209, 265, 28),
            at("+1 312 555 0164", 417, 348, 215, 25),
            at("braun@veldorel.org", 358, 388, 330, 31),
            at("2044 Congress Avenue, Suite 1100, MC 5107", 263, 477, 525, 24),
            at("Chicago, IL", 396, 518, 124, 24),
            at("60674-5199", 528, 518, 126, 22),
        ])
    #expect(
        extractor.extract(from: page).address?.value
            == "2044 Congress Avenue, Suite 1100, MC 5107, Chicago, IL 60674-5199")
}

/// Japan's postal mark misread ("7450-0002", an unsure reading) on a line of its own above a
/// romanised address: repaired, it is a postcode line of the address, not noise; a postcode
/// alone, its address lines unread, is no address; read as a phone label ("T 100-0005 Anmi
/// Bldg. 10F") before the building's name, it is the address's first line too, and so it is
/// before a Han address glued on.
@Test func japanesePostcodeLineOpensTheAddress() {
    func card(_ address: [RecognizedLine]) -> RecognizedPage {
        RecognizedPage(
            width: 1075, height: 650,
            lines: [
                at("Ryo Fujita", 464, 76, 237, 53), at("Section Chief", 737, 93, 182, 24),
                at("Mobile: 090-3598-3970", 462, 239, 243, 19), at("Hikari Systems Inc.", 67, 311, 341, 38),
                at("E-mail: ryo.fujita@hikari.jp", 462, 359, 289, 25),
            ] + address)
    }
    let postcode = at("7450-0002", 464, 487, 116, 17, 0.2)
    let page = card([
        postcode, at("1-13-17 Meieki, Nakamura-ku", 462, 525, 308, 23),
        at("Nagoya, Japan", 462, 567, 154, 23),
    ])
    let address = extractor.extract(from: page).address?.value
    #expect(address == "〒450-0002, 1-13-17 Meieki, Nakamura-ku, Nagoya, Japan")
    #expect(extractor.extract(from: card([postcode])).address == nil)
    // The mark taken for a phone label ("T") before the postcode and the building's name: the
    // words after it make it an address line, not a number.
    let labelled = extractor.extract(
        from: card([
            at("T 100-0005 Anmi Bldg. 10F", 462, 504, 278, 22),
            at("1-10-8 Marunouchi, Chiyoda-ku, Tokyo", 462, 538, 392, 22),
        ]))
    #expect(labelled.address?.value == "〒100-0005 Anmi Bldg. 10F, 1-10-8 Marunouchi, Chiyoda-ku, Tokyo")
    #expect(labelled.phones.map(\.value) == ["090-3598-3970"])
    // Or with the address glued on in Han, the mark lost (realcards tune at 800 px).
    let glued = extractor.extract(
        from: RecognizedPage(
            width: 800, height: 480,
            lines: [
                at("小松 美絵", 60, 120, 240, 40), at("株式会社 ニトリ", 60, 300, 180, 24),
                at("363-0012埼玉県桶川市末広1-4-43", 60, 340, 380, 20), at("048-771-1747", 60, 370, 160, 16),
            ]))
    #expect(glued.address?.value == "〒363-0012埼玉県桶川市末広1-4-43")
    #expect(glued.phones.map(\.value) == ["048-771-1747"])
}

/// A card without kana, a .jp address or "Japan" is Japanese by a prefecture's name ("Kita-ku,
/// Osaka"): the postal mark read as "7" is repaired there too.
@Test func prefectureNameMakesACardJapanese() {
    let page = RecognizedPage(
        width: 1075, height: 650,
        lines: [
            at("Asahi Trading Co., Ltd.", 59, 176, 284, 27), at("+81 (0)6 2915 7640", 506, 353, 233, 23),
            at("sakura.ishikawa@asahi-trading.com", 506, 433, 314, 25),
            at("Sakura ISHIKAWA", 61, 492, 418, 40), at("7530-0001 Suol Bldg. 8F", 506, 525, 301, 25),
            at("Representative Director & CEO", 62, 563, 361, 26),
            at("2-10-12 Umeda, Kita-ku, Osaka", 507, 565, 326, 23),
        ])
    let address = extractor.extract(from: page).address?.value
    #expect(address == "〒530-0001 Suol Bldg. 8F, 2-10-12 Umeda, Kita-ku, Osaka")
}

/// A name and its role on one line after a hyphen or comma are two pieces, particles inside the
/// name too ("Azman bin Ismail"); address pieces, a role before a comma and a surname-first name
/// are left whole.
@Test(arguments: [
    ("Mahesh K. Bhatt - Chartered Accountant", ["Mahesh K. Bhatt", "Chartered Accountant"]),
    ("Jane Doe, Sales Manager", ["Jane Doe", "Sales Manager"]),
    ("Jd. Samara - SP", ["Jd. Samara - SP"]),
    ("Renata Cardoso Souza -Diretor Comercial", ["Renata Cardoso Souza", "Diretor Comercial"]),
    ("Jane Doe- Sales Manager", ["Jane Doe", "Sales Manager"]),
    ("Jd. Samara -SP", ["Jd. Samara -SP"]),
    ("Head, Disaster Management Support Division", ["Head, Disaster Management Support Division"]),
    ("Doe, Jane", ["Doe, Jane"]),
    ("Sales Manager, Acme Robotics", ["Sales Manager, Acme Robotics"]),
    ("Azman bin Ismail - Jurutera Kanan", ["Azman bin Ismail", "Jurutera Kanan"]),
    ("Daan de Vries, Sales Manager", ["Daan de Vries", "Sales Manager"]),
    ("bin Ismail - Jurutera Kanan", ["bin Ismail - Jurutera Kanan"]),
    // A full stop after the surname; a word OCR split after one or two letters.
    ("Dr. Sabine Müller. Research Associate", ["Dr. Sabine Müller", "Research Associate"]),
    ("Dr. Sa bine Müller. Research Associate", ["Dr. Sa bine Müller", "Research Associate"]),
    ("Emily C arter- Apprentice", ["Emily C arter", "Apprentice"]),
    ("Jane A. Sales Manager", ["Jane A. Sales Manager"]),
    // A stray quote glued to the surname separates; quotes around a building's name do not.
    ("Hetal Joshi“ Proprietor", ["Hetal Joshi", "Proprietor"]),
    ("“Brindavan” Towers, Worli", ["“Brindavan” Towers, Worli"]),
    // Degrees after the name stay with it.
    ("Thabo Nkosi, RN, Principal Investigator", ["Thabo Nkosi, RN", "Principal Investigator"]),
    // ... and before a dash or a bar after them.
    ("Lena Braun, M.D. -senior Lecturer", ["Lena Braun, M.D.", "senior Lecturer"]),
    ("Sigrún Lindqvist, RN |PhD Candidate", ["Sigrún Lindqvist, RN", "PhD Candidate"]),
    ("Ryan J. O'Brien, Ph.D., Visiting Scholar", ["Ryan J. O'Brien, Ph.D.", "Visiting Scholar"]),
    ("Andi Kusuma, S.E., M.M., Direktur Utama", ["Andi Kusuma, S.E., M.M.", "Direktur Utama"]),
])
func nameAndRoleOnOneLineAreSplit(_ line: String, _ expected: [String]) {
    #expect(Labels.pieces(of: line) == expected)
}

/// A name or a firm and an unlabelled phone number on one line are two pieces (brackets read as
/// braces too, an icon between them dropped); a label before the number (an icon read as a
/// letter, a label word with its dot), a street number and a city with its ZIP+4 code keep the
/// line whole.
@Test(arguments: [
    ("Rajesh Kumar 98765 43210", ["Rajesh Kumar", "98765 43210"]),
    ("Jane Doe +1 (415) 555-0134", ["Jane Doe", "+1 (415) 555-0134"]),
    // A bracket OCR read as a brace.
    ("Yuki MATSUMOTO +81 (0)}80 4590 6074", ["Yuki MATSUMOTO", "+81 (0)}80 4590 6074"]),
    ("Sharma Traders 020 2553 4455", ["Sharma Traders", "020 2553 4455"]),
    // An icon between them goes; an initial that is a label's letter is the name's.
    ("EMRE POLAT o (531) 646 69 38", ["EMRE POLAT", "(531) 646 69 38"]),
    ("Srinivas Varma =s 9933083038", ["Srinivas Varma", "9933083038"]),
    ("Kavitha P. Patel 09924406165", ["Kavitha P. Patel", "09924406165"]),
    ("Rajesh Kumar M 98765 43210", ["Rajesh Kumar M 98765 43210"]),
    ("T Telp. +607-893 5623", ["T Telp. +607-893 5623"]),
    // A digit of the country code read as a letter.
    ("Kenji Tanaka +s1-90-92047583", ["Kenji Tanaka", "+s1-90-92047583"]),
    // A leading 0 read as a letter o; a degree after a comma.
    ("Shota Takahashi o90 8453 9147", ["Shota Takahashi", "o90 8453 9147"]),
    ("Benjamin Hughes, Ph.D. (617) 555-0108", ["Benjamin Hughes, Ph.D.", "(617) 555-0108"]),
    // A dash glued before the number.
    ("Marcelo Almeida Costa -+558198918-7753", ["Marcelo Almeida Costa", "+558198918-7753"]),
    // An icon read as marks that begin with a plus; a particle inside the name; a digit of a
    // bracketed country code read as a letter.
    ("Murat Can Yıldırım +% (224) 809 2106", ["Murat Can Yıldırım", "(224) 809 2106"]),
    ("Zulkifli bin Yusof +6017-805 6833", ["Zulkifli bin Yusof", "+6017-805 6833"]),
    ("Nguyễn Thảo (+s4 28) 5567 2736", ["Nguyễn Thảo", "(+s4 28) 5567 2736"]),
    ("bin Yusof +6017-805 6833", ["bin Yusof +6017-805 6833"]),
    ("O Phone. 98200 12345", ["O Phone. 98200 12345"]),
    ("T Tel +90 232 952 80 90", ["T Tel +90 232 952 80 90"]),
    ("Sector 17 Chandigarh 160017", ["Sector 17 Chandigarh 160017"]),
    ("Anil Mehta 98220", ["Anil Mehta 98220"]),
    ("New York NY 10073-2518", ["New York NY 10073-2518"]),
])
func nameAndPhoneOnOneLineAreSplit(_ line: String, _ expected: [String]) {
    #expect(Labels.pieces(of: line) == expected)
}

/// A person's name and a rest OCR misread in lower-case letters or signs on one line are two
/// pieces, post-nominals in brackets staying with the name; words OCR split, a place's name
/// before a spaced dash, a bilingual title's slash and lines without a known name stay whole.
@Test(arguments: [
    ("Megan Sullivan -regisrar", ["Megan Sullivan", "-regisrar"]),
    ("Marcelo Costa Correia, niretor comercial", ["Marcelo Costa Correia", "niretor comercial"]),
    ("Hoàng Văn Tuấn ‹.s¡:o oi: s52", ["Hoàng Văn Tuấn", "‹.s¡:o oi: s52"]),
    ("Siti Nurul binti Ibrahim |rengurus Jualan", ["Siti Nurul binti Ibrahim", "|rengurus Jualan"]),
    ("Inés Ca stillo", ["Inés Ca stillo"]),
    ("Rio de Janeiro - RJ", ["Rio de Janeiro - RJ"]),
    ("Kurucu Ortak / Co-Founder", ["Kurucu Ortak / Co-Founder"]),
    ("Harbour Street and more", ["Harbour Street and more"]),
    ("Zorvan Pelitek -regisrar", ["Zorvan Pelitek -regisrar"]),
    ("BJØRN SØRENSEN (M.SC., PMP) -owne", ["BJØRN SØRENSEN (M.SC., PMP)", "-owne"]),
    ("Emily Clarke (MBA) -rnanager", ["Emily Clarke (MBA)", "-rnanager"]),
    ("Emily Clarke (MBA 2019) -rnanager", ["Emily Clarke (MBA 2019) -rnanager"]),
])
func nameBeforeMisreadRestIsSplit(_ line: String, _ expected: [String]) {
    #expect(Labels.pieces(of: line) == expected)
}

/// The name printed on one line with its phone number is the card's name.
@Test func nameBesidePhoneNumberIsTheName() {
    let fields = extract(
        "Rajesh Kumar 98765 43210\nSharma Traders\nDealers in Hardware & Paints\n12, MG Road, Pune 411001"
            + "\nrajesh@sharmatraders.in")
    #expect(fields.name?.value == "Rajesh Kumar")
    #expect(fields.phones.map(\.value) == ["98765 43210"])
}

/// A wordmark without company words, printed well above the card's usual type size, is the
/// company; on a card printed in one size the largest line is no wordmark.
@Test func standoutWordmarkIsTheCompany() {
    let page = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("Northwind", y: 40, height: 60),
            line("Ana Lima", y: 160, height: 24),
            line("Sales Manager", y: 200, height: 20),
            line("+1 415 555 0134", y: 300, height: 20),
            line("ana.lima@example.org", y: 340, height: 20),
        ])
    let result = extractor.explain(page)
    #expect(result.lines.first { $0.text == "Northwind" }?.features["standout_no_company_evidence"] == 1)
    #expect(result.fields.company?.value == "Northwind")
    #expect(result.fields.name?.value == "Ana Lima")

    let even = RecognizedPage(
        width: 1050, height: 600,
        lines: [
            line("Northwind", y: 40, height: 22),
            line("Ana Lima", y: 160, height: 21),
            line("Sales Manager", y: 200, height: 20),
            line("+1 415 555 0134", y: 300, height: 20),
        ])
    #expect(extractor.explain(even).lines.allSatisfy { $0.features["standout"] == nil })
}

/// A logo or icon read after a Latin line as two letters, lower then upper case, or as a sign
/// with a letter or two, is dropped; words spelled with a case switch of their own, and signs
/// with digits or alone, stay.
@Test(arguments: [
    ("Naresh Kumar M.V sB.", "Naresh Kumar M.V"),
    ("Naresh Kumar M.V s£", "Naresh Kumar M.V"),
    ("Acme Trading Co ®", "Acme Trading Co ®"),
    ("Price per unit 5£", "Price per unit 5£"),
    ("Apps for iOS", "Apps for iOS"),
    ("Water pH", "Water pH"),
    ("Jane Doe", "Jane Doe"),
])
func logoLettersAfterALineAreDropped(_ line: String, _ expected: String) {
    #expect(Segment.trimJunk(line) == expected)
}

/// An icon or a logo's edge read after a line of capitalised words as one or two lower-case
/// letters, or as a lone mark, is dropped (realcards tune copies: "Naresh Kumar M.V s.", "Pankaj
/// B. Patel fl"; generated: "ASAHI Training Centre fe"); short words that end a line, signs that
/// leave it open, lines not all capitalised and a word split after its capital stay.
@Test(arguments: [
    ("Naresh Kumar M.V s.", "Naresh Kumar M.V"),
    ("Pankaj B. Patel fl", "Pankaj B. Patel"),
    ("ASAHI Training Centre fe", "ASAHI Training Centre"),
    ("Priya Raghunathan ~", "Priya Raghunathan"),
    ("Tilozo Institute of", "Tilozo Institute of"),
    ("Cloud Infrastructure &", "Cloud Infrastructure &"),
    ("Rua Augusta e", "Rua Augusta e"),
    ("Loja Shopping No", "Loja Shopping No"),
    ("Shop Centre no", "Shop Centre no"),
    ("NAKAMURA E mi", "NAKAMURA E mi"),
    ("Head of Sales xy", "Head of Sales xy"),
    ("Tower 2 Floor ab", "Tower 2 Floor ab"),
])
func marksAfterACapitalisedLineAreDropped(_ line: String, _ expected: String) {
    #expect(Segment.trimJunk(line) == expected)
}

@Test func nameWithLogoLettersAfterIt() {
    let fields = extract("Naresh Kumar M.V sB.\nAssociate - Business Development\n+91 99855 67714\nnaresh.m@bimgrafx.com")
    #expect(fields.name?.value == "Naresh Kumar M.V")
}

/// A wordmark in its own casing ("TekNaVo") looks like OCR garbage to the case-switch rule, but
/// when it spells the e-mail's domain label its letters are read twice: it is the company.
/// A mixed-case line that spells no domain stays gibberish.
@Test func wordmarkSpellingTheDomainIsNoGibberish() {
    func card(_ domain: String) -> RecognizedPage {
        RecognizedPage(
            width: 1050, height: 600,
            lines: [
                line("TekNaVo", y: 40, height: 70),
                line("Priya Raman", y: 200, height: 34),
                line("Senior Architect", y: 250, height: 24),
                line("priya.r@\(domain).com", y: 420, height: 22),
                line("+91 98450 12345", y: 460, height: 22),
            ])
    }
    #expect(LineScorer.isGibberish("TekNaVo"))
    let fields = extractor.extract(from: card("teknavo"))
    #expect(fields.company?.value == "TekNaVo")
    #expect(fields.name?.value == "Priya Raman")
    #expect(extractor.extract(from: card("brightlane")).company == nil)
}

/// A web address printed in capitals without "www" or a scheme is found when its host ends in
/// .com, .net or .org (or .com.xx); capitals with other endings ("S.A.", "CO.LTD") stay text.
@Test(arguments: [
    ("GITHUB.COM/SANUKERINC", ["GITHUB.COM/SANUKERINC"]),
    ("ACME.COM.BR", ["ACME.COM.BR"]),
    ("Acme Robotics S.A.", []),
    ("SUNRISE CO.LTD", []),
])
func capitalWebAddressWithACommonEnding(_ line: String, _ expected: [String]) {
    let fields = extract("Jane Doe\nSales Manager\n\(line)\n+1 415 555 0123")
    #expect(fields.websites.map(\.value) == expected)
}

/// A country code with one digit OCR confuses is the code of the card's country when the
/// number is valid so ("+51-80-2981-2985", an 8 read as 5, on a card with a .jp address); on a
/// card that points nowhere it stays as read.
@Test func countryCodeWithAConfusedDigitIsTheCardsOwn() {
    let japanese = extract("Shota Tanaka\nSales Manager\nMobile +51-80-2981-2985\nshota@hokuto.co.jp")
    #expect(japanese.phones.map(\.e164) == ["+818029812985"])
    let nowhere = extract("Shota Tanaka\nSales Manager\nMobile +51-80-2981-2985")
    #expect(nowhere.phones.map(\.e164) != ["+818029812985"])
}

/// A plus OCR read as a 4 before the card's country code ("461 2 9374 4000" for "+61 2 9374
/// 4000" on a card with a .com.au address) is put back; on a card that points nowhere the number
/// stays as read.
@Test func plusReadAsFourBeforeTheCardsCountryCode() {
    let australian = extract("Mia Wong\nLibrarian\n461 2 9374 4000\nmia.wong@lenna.edu.au")
    #expect(australian.phones.map(\.e164) == ["+61293744000"])
    let nowhere = extract("Mia Wong\nLibrarian\n461 2 9374 4000")
    #expect(nowhere.phones.map(\.e164) != ["+61293744000"])
}

/// A dash OCR read as a colon between a number's groups ("98073:1544") joins them; a time
/// ("10:30") is no group.
@Test func colonBetweenNumberGroupsIsADash() {
    let fields = extract("Renata Souza\nGerente\n+55 41 98073:1544\nrenata@velzo.com.br")
    #expect(fields.phones.map(\.e164) == ["+5541980731544"])
    #expect(Phones.digitRuns(in: "Open 10:30 - 18:00").allSatisfy { !$0.run.contains("-30") })
}

/// A web address whose host lost its dots is the website of the card's e-mail host it spells
/// ("www.kadorin" beside divya@kador.in); without such an e-mail, or spelling another host,
/// it is none.
@Test(arguments: [
    ("www.kadorin", "divya@kador.in", ["www.kador.in"]),
    ("http://ruarcom", "serkan.dogan@ruar.com", ["http://ruar.com"]),
    ("www.kadorin", "divya@lenva.in", []),
])
func webAddressWithoutItsDotsFromTheEmailHost(_ line: String, _ email: String, _ expected: [String]) {
    let fields = extract("Divya S. Joshi\nManaging Trustee\n\(email)\n\(line)\n09903813444")
    #expect(fields.websites.map(\.value) == expected)
}

/// A web address without www or a scheme may begin with a short subdomain before its name (a
/// department's page, "cs.tomi.edu/~coleman"); two short labels still name none ("No.5").
@Test(arguments: [
    ("cs.tomi.edu/~coleman", ["cs.tomi.edu/~coleman"]),
    ("eng.oldor.ac.uk/~office", ["eng.oldor.ac.uk/~office"]),
    ("No.5 Jalan Ampang", []),
])
func webAddressAfterAShortSubdomain(_ line: String, _ expected: [String]) {
    let fields = extract("Jane Doe\nLecturer\n\(line)\n+1 415 555 0123")
    #expect(fields.websites.map(\.value) == expected)
}

/// Two letters that name no country are no top-level domain ("facebook.co.ny", a misread
/// ".com/"), and a line with a URL scheme stays contact data even when its host is unusable:
/// it is no website, and no company or address line either.
@Test func misreadHostWithASchemeIsNeitherWebsiteNorText() {
    #expect(Contacts.isTLD("br") && Contacts.isTLD("uk") && Contacts.isTLD("com"))
    #expect(!Contacts.isTLD("ny") && !Contacts.isTLD("zz"))
    let fields = extract(
        "Perbadanan Putrajaya\nAhmad Faizal\nKetua Pengarah\nhttp://facebook.co.ny/putrajaya\n24 Persiaran Perdana\n62675 Putrajaya")
    #expect(fields.websites.isEmpty)
    for field in [fields.name, fields.title, fields.company, fields.address] {
        #expect(field?.value.contains("http") != true)
    }
}

/// An icon read as one letter before a line is dropped by its look: a speck far shorter than
/// the words after it ("J" 7 px high before "418, Citylight" 37 px), or a letter read unsure
/// before a number ("F 54 Church Lane" at 0.51). A letter read surely ("B 402, Sai Complex")
/// and a digit read unsure ("2 Floor") stay.
@Test func iconReadAsOneLetterBeforeALineIsDropped() {
    func segmentText(_ tokens: [(String, Int, Double)]) -> String? {
        var x = 40
        let words = tokens.map { text, height, confidence in
            defer { x += text.count * 18 + 12 }
            return RecognizedWord(
                text: text, box: PixelBox(x: x, y: 200 + 37 - height, width: text.count * 18, height: height),
                confidence: confidence)
        }
        let text = tokens.map(\.0).joined(separator: " ")
        let line = RecognizedLine(
            text: text, box: PixelBox(x: 40, y: 200, width: x - 40, height: 37), confidence: 0.9,
            words: words)
        return Segment.segments(of: RecognizedPage(width: 1000, height: 600, lines: [line])).first?.text
    }
    #expect(segmentText([("J", 7, 0.92), ("418,", 37, 0.93), ("Citylight", 37, 0.93), ("Shopping", 37, 0.96)])
        == "418, Citylight Shopping")
    #expect(segmentText([("F", 23, 0.51), ("54", 21, 0.96), ("Church", 22, 0.97), ("Lane", 20, 0.96)])
        == "54 Church Lane")
    #expect(segmentText([("B", 30, 0.93), ("402,", 30, 0.95), ("Sai", 30, 0.96), ("Complex", 30, 0.96)])
        == "B 402, Sai Complex")
    #expect(segmentText([("2", 30, 0.45), ("Floor,", 30, 0.95), ("4/1", 30, 0.96), ("Arundelpet", 30, 0.96)])
        == "2 Floor, 4/1 Arundelpet")
}

/// Protects where an e-mail's confidence comes from: the address's own word, not the line's
/// confidence, which a surely read label lifts (the same line, its address read 0.45 or 0.95).
@Test func emailConfidenceFollowsTheAddressWord() {
    func page(addressConfidence: Double) -> RecognizedPage {
        let label = RecognizedWord(
            text: "E-mail:", box: PixelBox(x: 40, y: 200, width: 80, height: 20), confidence: 0.96)
        let address = RecognizedWord(
            text: "jane@acme.com", box: PixelBox(x: 130, y: 200, width: 160, height: 20),
            confidence: addressConfidence)
        let mail = RecognizedLine(
            text: "E-mail: jane@acme.com", box: PixelBox(x: 40, y: 200, width: 250, height: 20),
            confidence: 0.9, words: [label, address])
        return RecognizedPage(width: 600, height: 350, lines: [line("Jane Doe", y: 40, height: 40), mail])
    }
    let unsure = extractor.extract(from: page(addressConfidence: 0.45)).emails
    let sure = extractor.extract(from: page(addressConfidence: 0.95)).emails
    #expect(unsure.map(\.value) == ["jane@acme.com"])
    #expect(sure.map(\.value) == ["jane@acme.com"])
    #expect(unsure[0].confidence < sure[0].confidence - 0.02)
}

/// Protects a company name whose wordmark repeats its first word: the line below is the whole
/// name, not the wordmark joined to it ("KARU KARU CONSULTANTS PVT. LTD.").
@Test func wordmarkRepeatedByTheCompanyLineIsNotJoinedTwice() {
    let lines = [
        line("KARU", y: 40, height: 30),
        line("KARU CONSULTANTS PVT. LTD.", y: 80, height: 28),
        line("Kavitha K. Naidu", y: 160, height: 30),
        line("Relationship Manager", y: 200, height: 22),
        line("+91 81152 27321", y: 260, height: 20),
        line("knaidu@karu.co.in", y: 300, height: 20),
    ]
    let fields = extract(lines: lines)
    #expect(fields.company?.value == "KARU CONSULTANTS PVT. LTD.")
}

/// Protects a company printed whole in small type beside its wordmark: the fuller line is the
/// company, not the wordmark alone.
@Test func fullerLineRepeatingTheWordmarkIsTheCompany() {
    let lines = [
        line("Uwe Vogel", y: 40, height: 44),
        line("Associate Director", y: 100, height: 20),
        line("+61 8 7010 3384", y: 140, height: 18),
        line("sazo", y: 200, height: 60, x: 700),
        line("uwev66@inbox-mail.com.au", y: 260, height: 18),
        line("Sazo Group", y: 300, height: 20, x: 700),
        line("Level 17, 131 Flinders Lane", y: 340, height: 18),
        line("Adelaide SA 5000", y: 370, height: 18),
    ]
    let fields = extract(lines: lines)
    #expect(fields.company?.value == "Sazo Group")
}

/// Protects units named in the languages of the world's cards: a Malay department under the
/// title is the department, not the title's second line.
@Test func malayDepartmentUnderTheTitleIsTheDepartment() {
    let lines = [
        line("Nurul Aisyah binti Hassan", y: 40, height: 40),
        line("Penolong Pengarah", y: 100, height: 22),
        line("Jabatan Kewangan", y: 130, height: 22),
        line("Kementerian Kewangan Malaysia", y: 200, height: 26),
        line("+60 3-8882 3000", y: 260, height: 20),
        line("aisyah@treasury.gov.my", y: 290, height: 20),
    ]
    let fields = extract(lines: lines)
    #expect(fields.title?.value == "Penolong Pengarah")
    #expect(fields.department?.value == "Jabatan Kewangan")
}

/// Protects a state's code printed alone at the end of an address ("Porto Alegre" / "RS"): it
/// ends the address like a country, and is no stray mark.
@Test func stateCodeOnItsOwnLineEndsTheAddress() {
    let lines = [
        line("Gustavo Lima", y: 40, height: 40),
        line("Gerente de Negócios", y: 100, height: 22),
        line("(51) 98595-1932", y: 160, height: 20),
        line("Av. Getúlio Vargas, 1239", y: 300, height: 20),
        line("Cep 58843-482", y: 330, height: 20),
        line("Jd. Fernandes", y: 360, height: 20),
        line("Porto Alegre", y: 390, height: 20),
        line("RS", y: 420, height: 20),
    ]
    let fields = extract(lines: lines)
    #expect(fields.address?.value.hasSuffix("Porto Alegre, RS") == true)
}

/// Protects address lines behind a pin icon OCR read as letters: "QO" before the number, "Ọ"
/// before a lower-cased street word, an accented capital before a 〒 read as "=".
@Test func pinIconsReadAsLettersAreDroppedBeforeTheAddress() {
    #expect(
        Segment.dropIconGlyphs("QO 72, 1st Floor, Lozomi Complex") == "72, 1st Floor, Lozomi Complex")
    #expect(Segment.dropIconGlyphs("Ọ av. Getúlio Vargas, 279") == "av. Getúlio Vargas, 279")
    #expect(Segment.dropIconGlyphs("È =450-0002, 3-3-20 Meieki") == "=450-0002, 3-3-20 Meieki")
    #expect(Segment.dropIconGlyphs("O Boticário") == "O Boticário")
    #expect(Segment.dropIconGlyphs("É nosso") == "É nosso")
}

/// Protects a phone icon OCR read as a quote and an at sign ("‘@ +55 (21) 3724-4589"): the
/// glyph goes, and the number is no e-mail's.
@Test func phoneIconReadAsQuoteAndAtSignIsDropped() {
    #expect(Segment.dropIconGlyphs("‘@ +55 (21) 3724-4589") == "+55 (21) 3724-4589")
    #expect(Segment.dropIconGlyphs("“Brindavan”, 2nd Floor") == "“Brindavan”, 2nd Floor")
    #expect(Segment.dropIconGlyphs("+ 91 81477 97042") == "+ 91 81477 97042")
}

/// Protects numbers printed alone on their lines in a national format on a card that names no
/// country: they are phones, kept as printed (E.164 when a common region reads them).
@Test func nationalNumbersAloneOnTheirLinesArePhones() {
    let lines = [
        line("Đặng Minh Dũng", y: 40, height: 40),
        line("028 4466 4834", y: 200, height: 20),
        line("0982.846.017", y: 230, height: 20),
        line("079-40699992", y: 260, height: 20),
        line("ddang@ravari", y: 290, height: 20),
    ]
    let fields = extract(lines: lines)
    let digits = fields.phones.map { $0.value.filter(\.isNumber) }
    #expect(digits.contains("02844664834"))
    #expect(digits.contains("0982846017"))
    #expect(digits.contains("07940699992"))
    #expect(Phones.nationalFormat("079-40699992"))
    #expect(!Phones.nationalFormat("380 030"))
    #expect(!Phones.nationalFormat("2016 S. Main"))
}

/// Protects an e-mail address behind a mail icon OCR read as a digit: the digit goes when the
/// card's name follows it, and an address that starts with digits of its own keeps them.
@Test func mailIconReadAsDigitBeforeTheNameIsDropped() {
    #expect(Contacts.repairLocalPart("8hiroshi.nakamura@yamato.co.jp", name: "Hiroshi Nakamura")
        == "hiroshi.nakamura@yamato.co.jp")
    #expect(Contacts.repairLocalPart("2andreo30@caixapostal.com.br", name: "André Oliveira")
        == "andreo30@caixapostal.com.br")
    #expect(Contacts.repairLocalPart("24x7@acme.com", name: "Hiroshi Nakamura") == "24x7@acme.com")
}

/// Protects a descriptor that is one compound company word ("Geosystems", "Infotech") under a
/// wordmark: it is the rest of the company's name.
@Test func compoundCompanyWordUnderAWordmarkCompletesTheCompany() {
    let lines = [
        line("Gustavo Lima", y: 40, height: 40),
        line("Velriol", y: 120, height: 50),
        line("Geosystems", y: 175, height: 20),
        line("Gerente de Negócios", y: 230, height: 22),
        line("Rua Voluntários da Pátria, 757", y: 300, height: 19),
        line("(81) 98595-1932", y: 330, height: 19),
        line("glima@velriol.com.br", y: 360, height: 19),
    ]
    let fields = extract(lines: lines)
    #expect(fields.company?.value == "Velriol Geosystems")
}

/// A Vietnamese, Chinese or Korean name in Latin letters puts the surname first ("Võ Ngọc An"):
/// a known surname followed by a known given name is a name, though the last word is neither.
@Test func surnameFirstNameIsAName() {
    let fields = extract(lines: [
        line("Ixvi Travel", y: 40, height: 30),
        line("Võ Ngọc An", y: 120, height: 40),
        line("Project Manager", y: 175, height: 22),
        line("0236.3531.133", y: 260, height: 20),
        line("info@ixvi.vn", y: 290, height: 20),
    ])
    #expect(fields.name?.value == "Võ Ngọc An")
    #expect(fields.title?.value == "Project Manager")
    let name = features([line("Võ Ngọc An", y: 120, height: 40)])
    #expect(name["surname"] == 1)
    #expect(name["given_name"] == 1)
    // Not every pair of known words: "Park Avenue" has no given name after its surname.
    #expect(features([line("Park Avenue", y: 120, height: 40)])["given_name"] == nil)
    // A country's name alone is no person's ("Việt Nam": Nam is a surname).
    #expect(features([line("Việt Nam", y: 120, height: 40)])["name_shaped"] == nil)
}

/// A name matches its e-mail's local part with one letter misread ("dulkits@" beside "Pulkit
/// Sinha"), in a name word of five letters or more; a four-letter word needs all its letters.
@Test func nameMatchesALocalPartWithOneLetterMisread() {
    func emailMatch(_ name: String, _ email: String) -> Bool {
        features([line(name, y: 100, height: 20), line(email, y: 300, height: 15)])["email_match"] == 1
    }
    #expect(emailMatch("Pulkit Sinha", "dulkits@amazon.com"))
    #expect(emailMatch("Pulkit Sinha", "pulkits@amazon.com"))
    #expect(!emailMatch("Pulkit Sinha", "sales@amazon.com"))
    #expect(!emailMatch("Anna Kay", "bnna@x.com"))
}

/// A name its mailbox spells does not resemble the mailbox's host ("Patrícia B. Correia" beside
/// patriciac31@correio.net.br names no firm Correio), unless a website or another mailbox of the
/// card carries that host too (the firm's own domain).
@Test func personalMailboxHostIsNoDomainResemblance() {
    func resembles(_ lines: [String]) -> Bool {
        features(lines.enumerated().map { line($1, y: 100 + 60 * $0, height: $0 == 0 ? 32 : 17) })[
            "domain_resemblance"] != nil
    }
    #expect(!resembles(["Patrícia B. Correia", "patriciac31@correio.net.br"]))
    #expect(resembles(["Patrícia B. Correia", "patriciac31@correio.net.br", "www.correio.net.br"]))
    #expect(resembles(["Patrícia B. Correia", "patriciac31@correio.net.br", "info@correio.net.br"]))
    // Partners' surnames that spell the host in full, no given name among them, still resemble it.
    #expect(resembles(["GOLDBERG STEIN", "rgoldberg@goldbergstein.com"]))
}

/// A domain label resembles a line that runs some of its words together in printed order, the
/// last perhaps by initials, or spells its ampersand; a label of four letters shares three with
/// too many names ("aoba" and "KOBAYASHI") to resemble one by overlap.
@Test func domainLabelsSpelledFromWords() {
    func resembles(_ text: String, _ mail: String) -> Bool {
        features([line(text, y: 100, height: 30), line(mail, y: 160, height: 17)])["domain_resemblance"] != nil
    }
    #expect(resembles("Apex Industrial Supply", "ctaylor@apexsupply.com"))
    #expect(resembles("St. Mary's Medical Center", "nfoster@stmarysmc.org"))
    #expect(resembles("Bloom & Vine", "olivia@bloomandvine.com"))
    #expect(resembles("Centre for Health Policy Research", "aisha.bello@chpr.org.ng"))
    #expect(!resembles("KOBAYASHI Aiko", "info@aoba.jp"))
    #expect(!resembles("Apex Industrial Supply", "ctaylor@apexsup.com"))
}

/// A firm's founding year under its wordmark ("Since 1998", "Est. 1990", "Established in
/// 1921") is a tagline: on a card without an address it is no address (a year reads as a
/// postcode-like number), and it is no street with its number.
@Test(arguments: ["Since 1998", "Est. 1990", "Established in 1921", "Seit 1921"])
func foundingYearIsNoAddress(_ tagline: String) {
    let fields = extract(lines: [
        line("dorna", y: 40, height: 46),
        line(tagline, y: 100, height: 19),
        line("Dorna Lojistik A.Ş.", y: 140, height: 21),
        line("+90 550 560 26 00", y: 200, height: 18),
        line("Ayşe POLAT", y: 300, height: 35),
        line("aysep57@posta.com.tr", y: 350, height: 19),
        line("Asst. Engineer-Purchase", y: 390, height: 30),
    ])
    #expect(fields.address == nil)
    #expect(fields.company?.value == "Dorna Lojistik A.Ş.")
}

/// "Group" after a name and nothing else names the firm, no unit ("Naixlen Group"); after a
/// business function or before other words it is a unit word ("Sales Group", "Group Treasury").
@Test func groupAfterANameIsNoUnit() {
    #expect(features([line("Naixlen Group", y: 40, height: 33)])["no_department_words"] == 1)
    #expect(features([line("Sales Group", y: 40, height: 33)])["no_department_words"] == nil)
    #expect(features([line("Group Treasury", y: 40, height: 33)])["no_department_words"] == nil)
}

/// A state or province after a comma ends an address line as a country does ("Hải Châu, Đà
/// Nẵng": Vietnamese provinces from iso-codes): the line, name-shaped in Vietnamese words,
/// continues the address above it. A province's name alone on a line is not enough (a brand's
/// "TOKYO").
@Test func provinceAfterACommaContinuesTheAddress() {
    let fields = extract(lines: [
        line("Mimi Travel", y: 40, height: 34),
        line("Đỗ Thanh Thảo", y: 100, height: 39),
        line("Chuyên Viên Tư Vấn", y: 150, height: 23),
        line("+84 910 592 130", y: 200, height: 17),
        line("thaod91@thudien.vn", y: 230, height: 20),
        line("Số 121 Bạch Đằng, Phường 6", y: 300, height: 20),
        line("Hải Châu, Đà Nẵng", y: 330, height: 21),
    ])
    #expect(fields.address?.value == "Số 121 Bạch Đằng, Phường 6, Hải Châu, Đà Nẵng")
    #expect(features([line("TOKYO", y: 40, height: 30)])["country"] == nil)
}

/// Protects Vietnamese titles with "Tư" (consulting): it is no "tu", the pronoun slogans use.
@Test func vietnameseTitleWithTuIsNoSlogan() {
    let lines = [
        line("Mai Nguyễn", y: 40, height: 44),
        line("Chuyên Viên Tư Vấn", y: 100, height: 24),
        line("Ankorlen Travel", y: 160, height: 24),
        line("028 9681 2184", y: 220, height: 20),
        line("mai@ankorlen.vn", y: 250, height: 20),
    ]
    let fields = extract(lines: lines)
    #expect(fields.title?.value == "Chuyên Viên Tư Vấn")
}

/// Protects Vietnamese surnames in capitals from the icon rule ("ĐỖ THỊ LAN"), while two
/// capitals no Vietnamese word has ("ỌĦ") are still an icon; and a name and its role on one
/// line split at an en dash OCR read as "~".
@Test func vietnameseCapitalsStayAndTildeSplitsNameFromRole() {
    #expect(Segment.dropIconGlyphs("ĐỖ THỊ LAN") == "ĐỖ THỊ LAN")
    #expect(Segment.dropIconGlyphs("ỌĦ Office No. 51") == "Office No. 51")
    #expect(
        Labels.splitNameAndRole("Phạm Đức An ~ Giám Đốc Điều Hành") == ["Phạm Đức An", "Giám Đốc Điều Hành"])
}

/// "Professor" before a name on a line with the role after a comma is the name's honorific:
/// the line is name and role; a role line with a comma is not split so.
@Test func professorBeforeANameIsNoRole() {
    #expect(
        Labels.splitNameAndRole("Professor Ryan Ashworth, Registrar") == ["Professor Ryan Ashworth", "Registrar"])
    #expect(Labels.splitNameAndRole("Professor Emeritus, Physics") == ["Professor Emeritus, Physics"])
    #expect(Labels.splitNameAndRole("Senior Manager, Sales") == ["Senior Manager, Sales"])
    let fields = extract(
        "Professor Ryan Ashworth, Registrar\nVaelkor College\n+44 20 7946 0321\nr.ashworth@vaelkor.ac.uk")
    #expect(fields.name?.value == "Professor Ryan Ashworth")
}

/// Protects a joined company name from a wordmark that the line below repeats after other words
/// ("anlo" / "Grupo Anlo").
@Test func wordmarkRepeatedInsideTheCompanyLineIsNotJoined() {
    #expect(TitleLines.contains(["grupo", "anlo"], ["anlo"]))
    #expect(!TitleLines.contains(["grupo"], ["anlo"]))
    let lines = [
        line("anlo", y: 40, height: 50),
        line("Grupo Anlo", y: 100, height: 22),
        line("Camila Correia", y: 180, height: 36),
        line("Gerente Comercial", y: 230, height: 22),
        line("(51) 3825 1281", y: 300, height: 20),
        line("camila@anlo.com.br", y: 330, height: 20),
    ]
    let fields = extract(lines: lines)
    #expect(fields.company?.value == "Grupo Anlo")
}

/// Protects legal forms printed before the name: Indonesian "PT ..." and Vietnamese "Công ty
/// TNHH ..." lines are companies.
@Test func legalFormsBeforeTheNameMakeTheCompany() {
    let indonesian = [
        line("TEKKA", y: 40, height: 50),
        line("Dewi Setiawan Kusuma", y: 120, height: 36),
        line("Direktur Utama", y: 170, height: 24),
        line("021-28124225", y: 230, height: 20),
        line("dewi.kusuma@tekka.id", y: 260, height: 20),
        line("PT Tekka Indonesia", y: 320, height: 20),
    ]
    let a = extract(lines: indonesian)
    #expect(a.company?.value == "PT Tekka Indonesia")
    let vietnamese = [
        line("Công ty TNHH Vixaxa Việt Nam", y: 40, height: 34),
        line("Hoàng An", y: 110, height: 50),
        line("Kế Toán Trưởng / Chief Accountant", y: 180, height: 30),
        line("(+84 236) 0554500", y: 240, height: 30),
    ]
    let b = extract(lines: vietnamese)
    #expect(b.company?.value == "Công ty TNHH Vixaxa Việt Nam")
}

/// Protects a company named "... Group" that spells the card's domain: "Group" marks units too,
/// but a unit line that spells the card's own domain is the organisation.
@Test func groupLineSpellingTheDomainIsTheCompany() {
    let lines = [
        line("Korlozo Group", y: 40, height: 24),
        line("Dr. Oğuz ARSLAN", y: 100, height: 39),
        line("Finans Direktörü / Finance Director", y: 160, height: 22),
        line("Cep +90 530 498 8985", y: 220, height: 20),
        line("oguz@korlozo.com.tr", y: 250, height: 20),
        line("Büyükdere Cad. No: 175 Kat: 20", y: 300, height: 19),
        line("35302 Bornova / İzmir", y: 330, height: 19),
    ]
    let fields = extract(lines: lines)
    #expect(fields.company?.value == "Korlozo Group")
    #expect(fields.department == nil)

    // The department that line had been is open again: a business function under the title
    // takes it.
    var withUnit = lines
    withUnit.insert(line("Business Development", y: 188, height: 20), at: 3)
    let unit = extract(lines: withUnit)
    #expect(unit.company?.value == "Korlozo Group")
    #expect(unit.department?.value == "Business Development")
}

/// Protects the ordinal indicator of Portuguese and Spanish addresses, which OCR reads as a
/// degree sign ("17° andar" is "17º andar", "n° 400" is "nº 400").
@Test func ordinalIndicatorReadAsDegreeIsRepairedInAddresses() {
    #expect(
        AddressFinder.repairOrdinals("Rua 901, n° 400, Sala 705, 7° Andar") == "Rua 901, nº 400, Sala 705, 7º Andar")
    let lines = [
        line("Marcos Silva", y: 40, height: 40),
        line("Gerente Comercial", y: 100, height: 22),
        line("+55 11 3104-2000", y: 160, height: 20),
        line("Rua Boa Vista, 254 | 17° and", y: 300, height: 20),
        line("Cep 01014-000 | Centro | São Paulo | SP", y: 330, height: 20),
    ]
    let fields = extract(lines: lines)
    #expect(fields.address?.value.contains("17º and") == true)
}

/// Protects a unit's chief as a title ("Section Chief", 係長 on a Japanese card in English): the
/// unit word does not make the line a department.
@Test func sectionChiefIsATitle() {
    let lines = [
        line("WAKABA KOGYO CORPORATION", y: 40, height: 30),
        line("Aiko ISHIKAWA", y: 110, height: 40),
        line("Section Chief", y: 170, height: 22),
        line("03-7115-4714", y: 230, height: 20),
        line("aiko.ishikawa@wakaba.co.jp", y: 260, height: 20),
    ]
    let fields = extract(lines: lines)
    #expect(fields.title?.value == "Section Chief")
}

/// A building named after a person ("Zora Plaza", "Kami Building": a given name first) above the
/// street is the address's first line, not a person's name.
@Test func buildingNamedLikeAPersonStartsTheAddress() {
    let lines = [
        line("Dorna Studio", y: 40, height: 22),
        line("Mikkel Kristiansen", y: 90, height: 40),
        line("Head of Research", y: 150, height: 19),
        line("+44 20 7946 0441", y: 250, height: 17),
        line("mikkel@dorna.co.uk", y: 280, height: 21),
        line("Zora Plaza", y: 330, height: 17),
        line("202 Park Row", y: 355, height: 17),
        line("London EC1A 4SH", y: 380, height: 17),
    ]
    let fields = extract(lines: lines)
    #expect(fields.address?.value == "Zora Plaza, 202 Park Row, London EC1A 4SH")
    #expect(fields.name?.value == "Mikkel Kristiansen")
}

/// An organisation's line above the street, named by a word that is both a company word and an
/// address word ("... Centre") with three or more other words and no number, starts no address;
/// a building's short name ("Harbour Centre") and a line with its own address word ("Signature
/// Tower-II") still do.
@Test func centreLineAboveTheStreetIsNoAddressLine() {
    let lines = [
        line("Meera Joshi", y: 40, height: 40),
        line("Scientist", y: 100, height: 22),
        line("Regional Groundwater Studies Centre", y: 300, height: 20),
        line("14, Kisan Marg, Lake View Hills", y: 330, height: 20),
        line("Pune - 411001", y: 360, height: 20),
        line("+91 20 2553 1212", y: 420, height: 20),
    ]
    let fields = extract(lines: lines)
    #expect(fields.address?.value == "14, Kisan Marg, Lake View Hills, Pune - 411001")
    let building = [
        line("Arjun Mehta", y: 40, height: 40),
        line("Manager", y: 100, height: 22),
        line("Unitech Signature Tower-II", y: 300, height: 20),
        line("Tower-B, Sector-15, Part-II", y: 330, height: 20),
        line("Gurugram, Haryana 122001", y: 360, height: 20),
    ]
    #expect(extract(lines: building).address?.value.hasPrefix("Unitech Signature Tower-II") == true)
    let mall = [
        line("Grace Wong", y: 40, height: 40),
        line("Store Manager", y: 100, height: 22),
        line("Harbour Centre", y: 300, height: 20),
        line("25 Harbour Road, Wan Chai", y: 330, height: 20),
        line("+852 2827 1234", y: 400, height: 20),
    ]
    #expect(extract(lines: mall).address?.value == "Harbour Centre, 25 Harbour Road, Wan Chai")
}

/// A Japanese name whose given name IPAdic lacks is still a name when an e-mail spells its
/// surname in romaji, long vowels written any way ("伊藤浩紀" beside itoh.h@..., as 横田浩紀
/// beside yokota.h@ on a real card).
@Test func japaneseSurnameSpelledByTheEmailMakesTheName() {
    let lines = [
        line("株式会社ミドリ商会", y: 40, height: 30),
        line("営業マネージャー", y: 100, height: 22),
        line("伊藤浩紀", y: 400, height: 22),
        line("03-1234-5678", y: 430, height: 20),
        line("itoh.h@midori-shokai.co.jp", y: 460, height: 20),
    ]
    #expect(extract(lines: lines).name?.value == "伊藤浩紀")
    #expect(Romaji.key("itoh") == Romaji.key("itou") && Romaji.key("ookawa") == Romaji.key("okawa"))
}

/// A company name printed over two lines, each case one layout: the line below names the rest.
struct CompanyLinesCase: Sendable, CustomStringConvertible {
    var description: String
    var lines: [RecognizedLine]
    var company: String
    /// The card's name as well, when the case checks it.
    var name: String? = nil
}

/// Protects company names over two lines:
/// - a one-word wordmark chosen as the company yields to a fuller line that holds it anywhere,
///   not only first ("ARDOREL" / "Perbadanan Ardorel", "CENTRE" / "CADD Centre Training
///   Services"), even when the fuller line's company word is also a street word; so does a
///   wordmark over two lines ("CADD" / "CENTRE");
/// - a legal form of two letters wrapped onto its own line ends the name ("Lomoti Lojistik" /
///   "A.Ş."), and so does a legal form OCR read as a line of its own beside the name; a name
///   so wrapped is the company even when its first line alone scores too low ("Keller
///   Maschinenbau" / "GmbH");
/// - a company word and a street word without a number ("Harbor Point Partners" / "LLC") make
///   a company, not an address;
/// - a name broken after a connector, or before one, or wrapped onto a line no field wants, goes
///   on on the line below in the same type ("Harwell Institute of" / "Technology", "Vakor
///   Institute" / "of Technology", "Corran National" / "Laboratory"), also when its unit word
///   made it the department but it spells the card's domain ("Dorvaka School of" / "Medicine");
/// - a descriptor of company words under a one-word wordmark in the same type, measured a
///   little taller, is the rest of the name ("Ixna" / "Family Health Care", 25 and 26 px); so is
///   one of up to five words in any type under a wordmark that spells the card's domain
///   ("Orlen" / "Children's Hospital", "Vasu" / "Council of Science & Technology");
/// - a unit word alone in the same type names no unit: it ends the name ("Westfield Capital" /
///   "Group"), and so do one or two company words alone ("NOVA TECH" / "SERVICES"), also under
///   a head that scores low on its own ("RUBELAR AGRO" / "INDUSTRIES"), holds a given name
///   beside a trade word ("MORA AGRO") or a business function ("RIRAVI ENGINEERING" / "WORKS");
/// - a country alone ends a name that opens with its legal form ("Công ty TNHH Tekzo" / "Việt
///   Nam"), and is no person's name;
/// - a name that opens with its legal form goes on below in the same type ("PT Sudor Teknologi"
///   / "Nusantara", "Công ty TNHH Lenellen Việt" / "Nam").
@Test(arguments: [
    CompanyLinesCase(
        description: "wordmark inside a fuller line",
        lines: [
            line("ARDOREL", y: 40, height: 60), line("Perbadanan Ardorel", y: 120, height: 24),
            line("Aisyah binti Rahman", y: 220, height: 34), line("Pegawai Kewangan", y: 270, height: 22),
            line("+60 3-8888 1234", y: 330, height: 20), line("aisyah@ardorel.gov.my", y: 360, height: 20),
        ],
        company: "Perbadanan Ardorel"),
    CompanyLinesCase(
        description: "wordmark inside a fuller line with a street word",
        lines: [
            line("Kiran Rao", y: 40, height: 34), line("Business Development Manager", y: 90, height: 22),
            line("CENTRE", y: 150, height: 44), line("Vidya Centre Training Services", y: 210, height: 22),
            line("Flat No. 12, Lotus Towers, Tarnaka", y: 260, height: 20),
            line("+91 99086 49654", y: 320, height: 20), line("kiran@vidyacentre.com", y: 350, height: 20),
        ],
        company: "Vidya Centre Training Services"),
    CompanyLinesCase(
        description: "wordmark over two lines under a fuller line",
        lines: [
            line("Kiran Rao", y: 30, height: 34), line("Business Development Manager", y: 74, height: 22),
            line("Vidya Centre Training Services", y: 106, height: 22), line("VIDYA", y: 138, height: 44),
            line("Flat No. 12, Lotus Towers,", y: 192, height: 20), line("CENTRE", y: 222, height: 44),
            line("Opposite Huda Complex, Tarnaka", y: 276, height: 20),
            line("+91 99086 49654", y: 306, height: 20), line("kiran@vidyacentre.com", y: 336, height: 20),
        ],
        company: "Vidya Centre Training Services"),
    CompanyLinesCase(
        description: "two-letter legal form wrapped onto its own line",
        lines: [
            line("Lomoti Lojistik", y: 30, height: 26), line("A.Ş.", y: 66, height: 26),
            line("Ahmet Kaan Kılıç", y: 130, height: 38),
            line("Satış Müdürü / Sales Manager", y: 178, height: 22),
            line("e-mail : ahmet@lomoti.com", y: 210, height: 20),
        ],
        company: "Lomoti Lojistik A.Ş."),
    CompanyLinesCase(
        description: "a street word in the name and the legal form below",
        lines: [
            line("Harbor Point Partners", y: 30, height: 26), line("LLC", y: 66, height: 26),
            line("Jane Doe", y: 130, height: 38), line("Managing Director", y: 178, height: 22),
            line("jane@harborpoint.com", y: 210, height: 20),
        ],
        company: "Harbor Point Partners LLC"),
    CompanyLinesCase(
        description: "legal form read as a line of its own beside the name",
        lines: [
            line("Tekdorlen Holdings Sdn.", y: 67, height: 41), line("Bhd.", y: 63, height: 41, x: 530),
            line("Nur Aisyah binti Ahmad", y: 200, height: 34), line("Pengurus Besar", y: 250, height: 22),
            line("+603-2088 5668", y: 330, height: 20), line("aisyah@tekdorlen.com.my", y: 360, height: 20),
        ],
        company: "Tekdorlen Holdings Sdn. Bhd."),
    CompanyLinesCase(
        description: "no company word, a surname, and the legal form below",
        lines: [
            line("Keller Maschinenbau", y: 30, height: 26), line("GmbH", y: 66, height: 26),
            line("Jonas Keller", y: 130, height: 38), line("Geschäftsführer", y: 178, height: 22),
            line("jonas@keller-mb.de", y: 210, height: 20),
        ],
        company: "Keller Maschinenbau GmbH"),
    CompanyLinesCase(
        description: "broken after a connector",
        lines: [
            line("Harwell Institute of", y: 40, height: 30), line("Technology", y: 76, height: 30),
            line("Dr. Helen Marsh", y: 160, height: 34), line("Associate Professor", y: 210, height: 22),
            line("+44 20 7946 0321", y: 270, height: 20),
            line("h.marsh@harwell-tech.ac.uk", y: 300, height: 20),
        ],
        company: "Harwell Institute of Technology"),
    CompanyLinesCase(
        description: "broken before a connector",
        lines: [
            line("Vakor Institute", y: 40, height: 37), line("of Technology", y: 84, height: 37),
            line("Kwame Okafor, RN", y: 160, height: 40), line("Research Associate", y: 215, height: 24),
            line("+44 131 496 0655", y: 270, height: 21), line("okafor@vakor.nhs.uk", y: 300, height: 24),
        ],
        company: "Vakor Institute of Technology"),
    CompanyLinesCase(
        description: "a unit-worded name broken after a connector, spelling the domain",
        lines: [
            line("Dorvaka School of", y: 40, height: 27), line("Medicine", y: 74, height: 27),
            line("Professor Nathan K. Porter", y: 150, height: 48), line("Lab Manager", y: 215, height: 25),
            line("+44 131 496 0448", y: 270, height: 23), line("porter@dorvaka.nhs.uk", y: 300, height: 24),
        ],
        company: "Dorvaka School of Medicine"),
    CompanyLinesCase(
        description: "wrapped onto a line no field wants",
        lines: [
            line("Dr. Helen Marsh", y: 40, height: 34), line("Staff Scientist", y: 90, height: 22),
            line("Corran National", y: 160, height: 30), line("Laboratory", y: 196, height: 30),
            line("+1 630 252 0100", y: 270, height: 20), line("hmarsh@corran.gov", y: 300, height: 20),
        ],
        company: "Corran National Laboratory"),
    CompanyLinesCase(
        description: "descriptor in the same type under a wordmark",
        lines: [
            line("Dr. Aaron Pike", y: 40, height: 34), line("Medical Director", y: 90, height: 22),
            line("Venna", y: 160, height: 25), line("Family Health Care", y: 192, height: 26),
            line("+1 415 555 0142", y: 270, height: 20), line("apike@vennahealth.com", y: 300, height: 20),
        ],
        company: "Venna Family Health Care"),
    CompanyLinesCase(
        description: "a larger descriptor under a wordmark that spells the domain",
        lines: [
            line("Orlen", y: 40, height: 33), line("Children's Hospital", y: 80, height: 46),
            line("Kwame Okafor", y: 170, height: 40), line("Associate Professor", y: 220, height: 22),
            line("+44 113 496 0912", y: 270, height: 18), line("kwame.okafor@med.orlen.ac.uk", y: 300, height: 18),
        ],
        company: "Orlen Children's Hospital"),
    CompanyLinesCase(
        description: "a descriptor of five words under a wordmark that spells the domain",
        lines: [
            line("Vasu", y: 40, height: 23), line("Council of Science & Technology", y: 70, height: 24),
            line("Naomi Matsumoto, MD, PhD", y: 120, height: 45), line("Staff Scientist", y: 180, height: 20),
            line("(512) 555-0125", y: 220, height: 16), line("naomi.matsumoto@vasu.edu", y: 250, height: 16),
        ],
        company: "Vasu Council of Science & Technology"),
    CompanyLinesCase(
        description: "a company whose domain runs some of its words together, the last by initials",
        lines: [
            line("St. Mary's Medical Center", y: 40, height: 30), line("Nicole Foster, RN, BSN", y: 90, height: 34),
            line("Nurse Manager", y: 140, height: 22), line("450 Stanyan St, San Francisco, CA 94117", y: 190, height: 18),
            line("nfoster@stmarysmc.org", y: 220, height: 18),
        ],
        company: "St. Mary's Medical Center"),
    CompanyLinesCase(
        description: "a wordmark with an ampersand that its domain spells as and",
        lines: [
            line("Bloom & Vine", y: 40, height: 36), line("EVENTS", y: 84, height: 20),
            line("Olivia Bennett", y: 140, height: 30), line("Wedding Planner", y: 180, height: 20),
            line("olivia@bloomandvine.com", y: 230, height: 18), line("(512) 555-0143", y: 260, height: 18),
        ],
        company: "Bloom & Vine EVENTS"),
    CompanyLinesCase(
        description: "partners' surnames that spell the host of a partner's mailbox",
        lines: [
            line("GOLDBERG STEIN", y: 40, height: 36), line("ATTORNEYS AT LAW", y: 84, height: 18),
            line("Rachel Goldberg, Esq.", y: 140, height: 30), line("Partner", y: 180, height: 20),
            line("230 Park Avenue, 10th Floor", y: 230, height: 18), line("New York, NY 10169", y: 256, height: 18),
            line("rgoldberg@goldbergstein.com", y: 290, height: 18),
        ],
        company: "GOLDBERG STEIN ATTORNEYS AT LAW"),
    CompanyLinesCase(
        description: "a legal form alone in much smaller type under a large wordmark",
        lines: [
            line("Tixane Tecnologia", y: 40, height: 66), line("Ltda.", y: 116, height: 31),
            line("Vanessa T. Nascimento", y: 200, height: 41), line("+55 11 95555-0182", y: 260, height: 20),
            line("vanessa@tixane.com.br", y: 290, height: 20),
        ],
        company: "Tixane Tecnologia Ltda."),
    CompanyLinesCase(
        description: "a one-word head above a national laboratory, no e-mail",
        lines: [
            line("Toru", y: 40, height: 25), line("National Laboratory", y: 72, height: 26),
            line("Shota Suzuki", y: 140, height: 41), line("Research Scientist", y: 190, height: 22),
            line("+1 505 555 0123", y: 240, height: 18),
        ],
        company: "Toru National Laboratory"),
    CompanyLinesCase(
        description: "a unit word alone on the line below, in the same type",
        lines: [
            line("Westfield Capital", y: 40, height: 30), line("Group", y: 76, height: 30),
            line("Tom Becker", y: 150, height: 26), line("Investment Analyst", y: 190, height: 20),
            line("+852 2123 4567", y: 270, height: 20),
            line("tom.becker@westfieldcapital.com", y: 300, height: 20),
        ],
        company: "Westfield Capital Group"),
    CompanyLinesCase(
        description: "company words alone on the line below a name with a company word, in its type",
        lines: [
            line("NOVA TECH", y: 40, height: 41), line("SERVICES", y: 88, height: 39),
            line("Arjun Rao", y: 160, height: 30), line("Project Manager", y: 200, height: 20),
            line("arjun.rao@novatech.in", y: 270, height: 18), line("+91 98450 12345", y: 300, height: 18),
        ],
        company: "NOVA TECH SERVICES"),
    CompanyLinesCase(
        description: "a company broken after a unit's connector, in a column beside the contacts",
        lines: [
            line("Ananya S. Menon", y: 69, height: 52, x: 392),
            line("Associate Professor", y: 133, height: 19, x: 390),
            line("Timo School of", y: 288, height: 26, x: 36),
            line("(08) 7010 8499", y: 295, height: 24, x: 392),
            line("Medicine", y: 336, height: 26, x: 91),
            line("amenon@timo.edu.au", y: 369, height: 23, x: 391),
        ],
        company: "Timo School of Medicine"),
    CompanyLinesCase(
        description: "a line in the wordmark's type that only the company wants goes on with it",
        lines: [
            line("Ixkazo", y: 40, height: 46), line("Dental Care", y: 92, height: 46),
            line("Quality you can trust", y: 150, height: 19), line("0117 496 0735", y: 200, height: 17),
            line("info.office@ixkazo.co.uk", y: 230, height: 20),
            line("177 Princes Street", y: 300, height: 18), line("Bristol BS1 7DX", y: 330, height: 17),
        ],
        company: "Ixkazo Dental Care"),
    CompanyLinesCase(
        description: "a wordmark keeps its name from a garbled web line that holds it",
        lines: [
            line("Dr. Avery Smith", y: 40, height: 30), line("Senior Researcher", y: 80, height: 20),
            line("https: l Jwww CONtOSO conj", y: 120, height: 20, confidence: 0.4),
            line("+44 (0) 20 9876 5432", y: 160, height: 20), line("Contoso", y: 260, height: 60),
            line("2 Kingdom Street, London W2 6BD", y: 360, height: 20),
        ],
        company: "Contoso"),
    CompanyLinesCase(
        description: "a Vietnamese legal form broken over the company's two lines",
        lines: [
            line("Công ty", y: 54, height: 39, x: 455), line("Cổ phần Miri", y: 105, height: 45, x: 402),
            line("Trần Ngọc Linh", y: 232, height: 68, x: 278),
            line("Giám Đốc Điều Hành", y: 320, height: 26),
            line("028 6136 2335", y: 380, height: 23), line("ltran@miri.vn", y: 420, height: 29),
        ],
        company: "Công ty Cổ phần Miri"),
    CompanyLinesCase(
        description: "an article alone on the line above the company's name",
        lines: [
            line("The", y: 65, height: 32), line("Tivel Collective", y: 120, height: 32),
            line("Kofi Eze", y: 200, height: 40), line("Analyst", y: 250, height: 22),
            line("+61 412 530 289", y: 300, height: 17), line("https://www.tivel.com.au", y: 330, height: 18),
        ],
        company: "The Tivel Collective"),
    CompanyLinesCase(
        description: "a country ends a name that opens with its legal form",
        lines: [
            line("Công ty TNHH Tekzo", y: 40, height: 30), line("Việt Nam", y: 78, height: 30),
            line("Trần Minh Hùng", y: 160, height: 40), line("Giám Đốc Điều Hành", y: 215, height: 24),
            line("+84 28 3822 1234", y: 280, height: 20), line("hung@tekzo.vn", y: 310, height: 20),
            line("Số 202 Bạch Đằng, Phường 13", y: 350, height: 20),
            line("Hải Châu, Đà Nẵng", y: 380, height: 20),
        ],
        company: "Công ty TNHH Tekzo Việt Nam"),
    CompanyLinesCase(
        description: "company words alone under a head that scores low",
        lines: [
            line("RUBELAR AGRO", y: 40, height: 24), line("INDUSTRIES", y: 85, height: 24),
            line("DANIEL O'BRIEN", y: 200, height: 38), line("Apprentice", y: 250, height: 28),
            line("(03) 7010 9471", y: 320, height: 20),
            line("danielo46@inbox-mail.com.au", y: 360, height: 20),
            line("357 King William Street", y: 400, height: 20),
            line("Melbourne VIC 3000", y: 430, height: 20),
        ],
        company: "RUBELAR AGRO INDUSTRIES"),
    CompanyLinesCase(
        description: "a trade word makes a head with a given name a firm's",
        lines: [
            at("MORA AGRO", 170, 848, 229, 24), at("INDUSTRIES", 172, 891, 223, 26),
            at("0212 147 08 27", 619, 1193, 175, 24), at("+90 212 339 07 06", 621, 1219, 208, 27),
            at("ahmetk81@posta.com.tr", 682, 1269, 226, 38),
        ],
        company: "MORA AGRO INDUSTRIES"),
    CompanyLinesCase(
        description: "a leading legal form alone on the line above the name",
        lines: [
            at("PT", 59, 73, 53, 31), at("Elka Indonesia", 59, 136, 320, 33),
            at("Agus Kusuma", 58, 292, 360, 51), at("+62-31-2459775", 445, 308, 216, 22),
            at("Manajer Pemasaran", 59, 360, 286, 31), at("agus@elka.co.id", 57, 491, 210, 24),
            at("Jl. Basuki Rahmat No. 129", 61, 529, 310, 24), at("Surabaya 60127", 59, 567, 171, 24),
        ],
        company: "PT Elka Indonesia"),
    CompanyLinesCase(
        description: "a wordmark inside a fuller line opening with the article",
        lines: [
            at("KORKOR", 148, 107, 246, 42), at("The Korkor Collective", 141, 171, 324, 26),
            at("Søren Kristiansen, RN", 130, 268, 571, 50), at("Sr.Manager-Marketing", 124, 335, 282, 29),
            at("+44 7994 654678", 114, 429, 246, 21), at("skristiansen@korkor.com", 110, 469, 339, 27),
            at("18 Church Lane", 101, 553, 233, 25), at("Leeds LS1 3XS", 98, 597, 193, 24),
        ],
        company: "The Korkor Collective"),
    CompanyLinesCase(
        description: "a business function above company words alone names the firm",
        lines: [
            at("RIRAVI ENGINEERING", 76, 177, 407, 27), at("Hoàng Hữu Bình", 533, 177, 439, 55),
            at("WORKS", 75, 234, 139, 27), at("Trưởng Nhóm", 810, 246, 163, 28),
            at("+84 24 6864 0857", 606, 486, 188, 16),
            at("271 Trần Hưng Đạo St., Đống Đa", 77, 503, 336, 21), at("Hà Nội, Việt Nam", 77, 542, 179, 17),
        ],
        company: "RIRAVI ENGINEERING WORKS"),
    CompanyLinesCase(
        description: "a name after its leading legal form goes on below",
        lines: [
            line("PT Sudor Teknologi", y: 40, height: 30), line("Nusantara", y: 82, height: 30),
            line("Sri Pratama", y: 200, height: 40), line("Direktur Utama", y: 250, height: 22),
            line("(031) 9707 452", y: 300, height: 20), line("www.sudor.co.id", y: 330, height: 20),
            line("Jl. Basuki Rahmat No. 181", y: 360, height: 20), line("Surabaya 60133", y: 390, height: 20),
        ],
        company: "PT Sudor Teknologi Nusantara"),
    CompanyLinesCase(
        description: "a country broken after its first word, under a leading legal form",
        lines: [
            line("Công ty TNHH Lenellen Việt", y: 40, height: 30), line("Nam", y: 82, height: 30),
            line("Bình Hoàng", y: 200, height: 40), line("Giám Đốc Điều Hành", y: 250, height: 22),
            line("(+84 236) 1451 014", y: 300, height: 20), line("binh@lenellen.com.vn", y: 330, height: 20),
            line("191 Nguyễn Văn Linh St., Sơn Trà", y: 360, height: 20),
        ],
        company: "Công ty TNHH Lenellen Việt Nam"),
    CompanyLinesCase(
        description: "a Vietnamese phrase broken after its first word is no given name below",
        lines: [
            line("CÔNG TY TNHH THƯƠNG", y: 40, height: 30), line("MẠI RIRI", y: 82, height: 30),
            line("Bình Hoàng", y: 200, height: 40), line("Giám Đốc Điều Hành", y: 250, height: 22),
            line("(+84 236) 1451 014", y: 300, height: 20), line("binh@riri.com.vn", y: 330, height: 20),
            line("191 Nguyễn Văn Linh St., Sơn Trà", y: 360, height: 20),
        ],
        company: "CÔNG TY TNHH THƯƠNG MẠI RIRI"),
])
func companyNamesOverTwoLines(_ c: CompanyLinesCase) {
    let fields = extract(lines: c.lines)
    #expect(fields.company?.value == c.company)
    #expect(fields.name?.value != "Việt Nam")
}

/// Business functions one under the other in one type are one department; "Sourcing" is one
/// ("Strategic Sourcing", procurement's other name).
@Test func stackedBusinessFunctionsAreOneDepartment() {
    let fields = extract(lines: [
        line("WAKABA SHOJI CORPORATION", y: 40, height: 29), line("Haruto NAKAMURA", y: 100, height: 45),
        line("Assistant Manager", y: 160, height: 24), line("Business Development", y: 196, height: 23),
        line("Strategic Sourcing", y: 228, height: 22), line("+81 3-4141-5297", y: 300, height: 17),
        line("haruto.nakamura@wakaba.jp", y: 330, height: 19),
    ])
    #expect(fields.department?.value == "Business Development Strategic Sourcing")
}

/// "AI" read with a lower-case l in a title or unit is put back ("Cloud & Al Department"); the
/// Arabic article before a name is left alone ("Al Futtaim Group", "Al Rajhi Bank").
@Test func aiReadAsAlIsRepairedInTitlesAndUnits() {
    #expect(Text.repairAI("Cloud & Al Department") == "Cloud & AI Department")
    #expect(Text.repairAI("Al Research Lab") == "AI Research Lab")
    #expect(Text.repairAI("Head of Al") == "Head of AI")
    #expect(Text.repairAI("Al Futtaim Group") == "Al Futtaim Group")
    #expect(Text.repairAI("Manager, Al Rajhi Bank") == "Manager, Al Rajhi Bank")
    let lines = [
        line("Avery Smith", y: 40, height: 40),
        line("Senior Researcher", y: 100, height: 22),
        line("Cloud & Al Department", y: 130, height: 22),
        line("avery.smith@contoso.com", y: 200, height: 20),
    ]
    #expect(extract(lines: lines).department?.value == "Cloud & AI Department")
}

/// A card for several people lists them with the same honorific or degree: the first printed is
/// the card's name ("CA Aakruti Dalmia" over "CA Swati Gupta", whose surname is better known).
@Test func firstOfAListOfPartnersIsTheName() {
    let lines = [
        line("CA AAKRUTI DALMIA", y: 40, height: 23),
        line("CA SWATI GUPTA", y: 70, height: 23),
        line("CA KUSHAL SURANA", y: 100, height: 23),
        line("+91 86901 92041", y: 130, height: 23),
        line("418, Citylight Shopping Center,", y: 300, height: 27),
        line("Citylight Main Road, Surat.", y: 330, height: 27),
        line("asksassociates@mail.com", y: 400, height: 30),
    ]
    #expect(extract(lines: lines).name?.value == "CA AAKRUTI DALMIA")
    // Side by side, each with a phone below (a real card read at 1000 px).
    let row = [
        RecognizedLine(
            text: "CA AAKRUTI DALMIA", box: PixelBox(x: 58, y: 32, width: 302, height: 25), confidence: 0.9),
        RecognizedLine(
            text: "CA SWATI GUPTA", box: PixelBox(x: 416, y: 35, width: 243, height: 23), confidence: 0.9),
        // An icon beside the third name makes its box taller.
        RecognizedLine(
            text: "CA KUSHAL SURANA", box: PixelBox(x: 714, y: 0, width: 297, height: 57), confidence: 0.9),
        RecognizedLine(
            text: "+91 86901 92041", box: PixelBox(x: 83, y: 75, width: 250, height: 24), confidence: 0.9),
        RecognizedLine(
            text: "+91 98798 61818", box: PixelBox(x: 420, y: 75, width: 250, height: 24), confidence: 0.9),
        line("asksassociates@mail.com", y: 400, height: 30),
    ]
    #expect(extract(lines: row).name?.value == "CA AAKRUTI DALMIA")
}

/// A line without letters under the title (a phone OCR cut from its area code, "2140-9781")
/// does not go on with it, though no field wants it.
@Test func lineWithoutLettersDoesNotContinueATitle() {
    let fields = extract(lines: [
        line("RADOR Consulting", y: 40, height: 30),
        line("Lucas Souza Oliveira", y: 100, height: 35),
        line("Sócio-Diretor", y: 150, height: 25),
        line("2140-9781", y: 185, height: 21),
        line("7414", y: 215, height: 20),
        line("Jd. Fernandes", y: 300, height: 20),
    ])
    #expect(fields.title?.value == "Sócio-Diretor")
}

/// A seniority above its role in capitals with generous leading ("SENIOR SALES" / "MANAGER", 20
/// px capitals 25 px apart) is one title: lines of one stack may be up to `line_gap` of the upper
/// line's heights apart (fitted on printed addresses), not just one; three heights apart they
/// are not.
@Test func stackedTitleLinesWithGenerousLeadingAreOneTitle() {
    func card(gap: Int) -> CardFields {
        extract(lines: [
            line("ELRIEL ENTERPRISES", y: 40, height: 20),
            line("SUNITA DESHMUKH", y: 80, height: 30),
            line("SENIOR SALES", y: 140, height: 20),
            line("MANAGER", y: 160 + gap, height: 20),
            line("sdeshmukh@elriel.com", y: 400, height: 20),
        ])
    }
    #expect(card(gap: 25).title?.value == "SENIOR SALES MANAGER")
    // Capitals have no descenders: their box is a cap height, and the gap is measured in full line
    // heights (`Segment.lineHeight`), as it is between mixed-case address lines.
    #expect(card(gap: 27).title?.value == "SENIOR SALES MANAGER")
    #expect(card(gap: 60).title?.value == "MANAGER")

    // `scripts/fit-scoring` measures the gaps from the boxes that explanations carry.
    let role = line("MANAGER", y: 185, height: 20)
    let explained = extractor.explain(RecognizedPage(width: 1050, height: 600, lines: [role]))
    #expect(explained.lines.first?.box == role.box)
}

/// A seniority above its role in one type whose letters measure apart: in a face with tall
/// ascenders "Chief Finance" (ascenders, no descender) measures 22 and "Manager" (a descender)
/// 15.6, beyond the similar band, though their boxes (23 and 20 px) are alike. Either measure
/// in the band makes the two lines one title (a generated Malay card, 6418).
@Test func seniorityAboveItsRoleInOneTypeMeasuredEitherWay() {
    let fields = extract(lines: [
        line(of: [word("Ollen", 79, 245, 70, 28), word("Travel", 155, 245, 76, 28)]),
        line(of: [word("Dewi", 81, 293, 100, 49), word("Hidayat", 190, 293, 150, 49), word("Wijaya", 350, 293, 140, 49)]),
        line(of: [word("Chief", 84, 362, 62, 23), word("Finance", 154, 362, 87, 22)]),
        line(of: [word("Manager", 86, 407, 101, 20)]),
        line(of: [word("dewi.wijaya@ollen.co.id", 92, 529, 288, 27)]),
    ])
    #expect(fields.title?.value == "Chief Finance Manager")
}

/// A seniority above its role on a card photographed at a tilt: "SENIOR BUSINESS DEVELOPMENT"
/// rises 21 px along its row, so its box is 41 px tall over 23 px capitals, while "MANAGER" below
/// is 22. The lines' heights compare by their type, not their boxes (a generated Brazilian
/// card, 8522, its boxes as OCR read them).
@Test func seniorityAboveItsRoleOnATiltedPhotoIsOneTitle() {
    let fields = extract(lines: [
        line(of: [word("Vabel", 376, 98, 95, 33), word("Logística", 486, 85, 160, 40)]),
        line(of: [word("Patrícia", 369, 243, 156, 39), word("Rocha", 544, 233, 130, 37)]),
        line(of: [word("SENIOR", 351, 298, 74, 20), word("BUSINESS", 432, 291, 101, 23),
            word("DEVELOPMENT", 540, 277, 158, 36)]),
        line(of: [word("MANAGER", 471, 322, 102, 22)]),
        line(of: [word("patricia@vabel.com.br", 420, 520, 230, 22)]),
    ])
    #expect(fields.title?.value == "SENIOR BUSINESS DEVELOPMENT MANAGER")
    #expect(fields.department == nil)
}

/// A unit word inside a role of several words names a rank: "Section Chief" names no section,
/// so a department printed elsewhere on the card stays the department (a generated card, 8512,
/// its tagline between the two; its boxes as OCR read them).
@Test func unitWordInsideARoleNamesNoUnit() {
    let fields = extract(lines: [
        line(of: [word("HOKUTO", 62, 140, 149, 23)]),
        line(of: [word("Hiroshi", 542, 114, 203, 41), word("TANAKA", 768, 115, 240, 39)]),
        line(of: [word("KOGYO", 62, 184, 121, 23), word("CORPORATION", 198, 184, 255, 23)]),
        line(of: [word("Section", 539, 177, 99, 21), word("Chief", 652, 177, 70, 21)]),
        line(of: [
            word("Ideas", 61, 225, 55, 17), word("that", 126, 225, 43, 17), word("move", 179, 230, 58, 12),
        ]),
        line(of: [word("Supply", 539, 217, 82, 24), word("Chain", 631, 217, 69, 19)]),
        line(of: [word("Logistics", 539, 253, 105, 24), word("Planning", 655, 253, 104, 24)]),
        line(of: [word("hiroshi@hokuto.co.jp", 567, 508, 227, 22)]),
    ])
    #expect(fields.title?.value == "Section Chief")
    #expect(fields.department?.value == "Supply Chain Logistics Planning")
}

/// "Community" is an institution's word, not a person's name: "Vazo Community" over "College"
/// is one company (a generated institution card, 8489, its boxes as OCR read them).
@Test func communityOverItsCollegeIsOneCompany() {
    let fields = extract(lines: [
        line(of: [word("Vazo", 106, 93, 75, 24), word("Community", 193, 93, 190, 33)]),
        line(of: [word("College", 105, 139, 120, 32)]),
        line(of: [
            word("Prof.", 101, 291, 91, 33), word("Christopher", 209, 293, 245, 45), word("C.", 469, 301, 39, 31),
            word("Thompson", 524, 300, 232, 45),
        ]),
        line(of: [
            word("Professor", 99, 345, 126, 25), word("of", 235, 349, 25, 22), word("Mechanical", 269, 350, 155, 26),
            word("Engineering", 435, 355, 167, 33),
        ]),
        line(of: [word("0423", 129, 492, 60, 22), word("843", 199, 494, 46, 23), word("968", 254, 497, 45, 22)]),
    ])
    #expect(fields.company?.value == "Vazo Community College")
}

/// A short phrase in sentence case with a word no lexicon knows is a slogan ("Engineering
/// tomorrow"), though it opens with a business function; a unit in sentence case is made of the
/// words of units ("Business development").
@Test func sentencePhraseWithAnUnknownWordIsASlogan() {
    let slogan = extract(
        "Xalenix Athletics\nT. Shweta\nAsst. Engineer\nEngineering tomorrow\nshweta@xalenix.co")
    #expect(slogan.title?.value == "Asst. Engineer")
    #expect(slogan.department == nil)
    let unit = extract("Xalenix Athletics\nT. Shweta\nManager\nBusiness development\nshweta@xalenix.co")
    #expect(unit.department?.value == "Business development")
}

/// A Malay name joins the given name to the father's with "bin" or "binti": the words around it
/// are a person's name though no lexicon knows them (a generated Malay card, 8294).
@Test func malayPatronymicMarksAName() {
    // The photo read whole, its boxes as OCR read them.
    let page = RecognizedPage(
        width: 1600, height: 1200,
        lines: [
            line(of: [word("Perbadanan", 420, 324, 164, 24), word("Rador", 594, 322, 83, 24)]),
            line(of: [
                word("KHAIRUL", 419, 418, 153, 27), word("BIN", 583, 418, 64, 27),
                word("OTHMAN", 660, 418, 165, 28),
            ]),
            line(of: [word("CHIEF", 416, 469, 66, 18), word("SALES", 488, 469, 67, 19)]),
            line(of: [word("MANAGER", 416, 507, 113, 20)]),
            line(of: [word("8059", 559, 594, 52, 20)]),
        ])
    #expect(extractor.extract(from: page).name?.value == "KHAIRUL BIN OTHMAN")
}

/// A line of words in two types set apart, as OCR reads a company beside a larger name ("Công ty
/// TNHH Elsuna Việt Nam" and "Trần An"): each run of words of one type becomes a piece.
@Test func wordsOfTwoTypesOnOneLineArePiecesOfTheirOwn() {
    func typed(_ runs: [(String, Int)], gap: Int, y: Int = 40) -> RecognizedLine {
        var x = 40
        var words: [RecognizedWord] = []
        for (n, run) in runs.enumerated() {
            if n > 0 { x += gap }
            for word in run.0.split(separator: " ") {
                let width = word.count * run.1 / 2
                let box = PixelBox(x: x, y: y, width: width, height: run.1)
                words.append(RecognizedWord(text: String(word), box: box, confidence: 0.93))
                x += width + run.1 / 3
            }
        }
        let box = words.dropFirst().reduce(words[0].box) { $0.union($1.box) }
        return RecognizedLine(
            text: words.map(\.text).joined(separator: " "), box: box, confidence: 0.93, words: words,
            block: 0, paragraph: 0)
    }
    func split(_ line: RecognizedLine) -> String? {
        Segment.separatingTypeChange(line, similarType: 0.743...1.346)
    }
    let merged = typed([("Công ty TNHH Elsuna Việt Nam", 20), ("Trần An", 34)], gap: 40)
    #expect(split(merged) == "Công ty TNHH Elsuna Việt Nam | Trần An")
    // One type, words close together, or digits: the line stays whole.
    #expect(split(typed([("Elsuna Việt Nam", 20), ("Trần An", 22)], gap: 40)) == nil)
    #expect(split(typed([("Elsuna Việt Nam", 20), ("Trần An", 34)], gap: 8)) == nil)
    #expect(split(typed([("Suite 12", 20), ("Trần An", 34)], gap: 40)) == nil)

    let fields = extract(lines: [
        merged, line("Giám Đốc / Director", y: 80, height: 20, x: 560),
        line("(+84 24) 5764 7941", y: 300, height: 18, x: 560),
        line("an.tran@elsuna.com.vn", y: 330, height: 18, x: 560),
    ])
    #expect(fields.name?.value == "Trần An")
    #expect(fields.company?.value == "Công ty TNHH Elsuna Việt Nam")

    // A dash between a name and its role in smaller type is where the types change; marks inside
    // a side stay.
    let dashed = typed([("Yuki Kobayashi", 40), ("-", 3), ("Registrar", 18)], gap: 12)
    #expect(split(dashed) == "Yuki Kobayashi | Registrar")
    #expect(split(typed([("Meera & Sons", 40), ("-", 3), ("Wholesale Traders", 18)], gap: 12))
        == "Meera & Sons | Wholesale Traders")
    // OCR often breaks a large name's word ("Yu ki"), which the hyphen split alone refuses.
    let broken = typed([("Yu ki Kobayashi", 40), ("-", 3), ("Registrar", 18)], gap: 12)
    let card = extract(lines: [
        broken, line("Arix State University", y: 110, height: 22),
        line("yuki.kobayashi@arix.edu", y: 300, height: 18),
    ])
    #expect(card.name?.value == "Yuki Kobayashi")
    #expect(card.title?.value == "Registrar")
}

/// A South Indian name with the initial first ("C. Rajesh", "K.V. Vishwanathan") has its given
/// name after the initials.
@Test func givenNameAfterLeadingInitials() {
    #expect(features([line("C. Rajesh", y: 120, height: 40)])["given_name"] == 1)
    #expect(features([line("K.V. Vishwanathan", y: 120, height: 40)])["given_name"] == nil)
    #expect(features([line("K.V. Rajesh", y: 120, height: 40)])["given_name"] == 1)
    // ... and the surname before initials that end it ("Swathi Kumar H.A").
    #expect(features([line("Swathi Kumar H.A", y: 120, height: 40)])["surname"] == 1)
    #expect(features([line("Swathi Rao", y: 120, height: 40)])["surname"] == 1)
}

/// On a card with two columns, the name's role line is the one below it in its column, though
/// reading order puts an address line of the other column between them (boxes as OCR read a
/// generated card).
@Test func roleLineBelowInTheSameColumn() {
    let page = RecognizedPage(width: 1050, height: 700, lines: [
        at("XADOR TECH", 63, 67, 235, 25),
        at("SOLUTIONS PVT. LTD.", 64, 113, 385, 25),
        at("+91-261-5337 179", 499, 385, 279, 19),
        at("rkadam@xador.co.in", 498, 460, 299, 24),
        at("Flat No. 564, Anka Chambers", 502, 511, 407, 23),
        at("C. Rajesh", 64, 536, 206, 39),
        at("Above Fire Station, Lake View Colony", 499, 549, 477, 24),
        at("Corporate Executive", 64, 587, 287, 30),
        at("Surat - 395 049", 500, 589, 201, 20),
    ])
    let name = extractor.explain(page).lines.first { $0.text == "C. Rajesh" }
    #expect(name?.features["above_role_line"] == 1)
    // A neighbour is adjacent: a role line far below in the column is none.
    let far = RecognizedPage(width: 1050, height: 700, lines: [
        at("Velora Widgets", 64, 40, 300, 30), at("+91-261-5337 179", 499, 45, 279, 19),
        at("rkadam@velora.co.in", 498, 90, 299, 24), at("Sales Manager", 64, 400, 287, 30),
    ])
    #expect(extractor.explain(far).lines.first?.features["above_role_line"] == nil)
    let fields = extractor.extract(from: page)
    #expect(fields.name?.value == "C. Rajesh")
    #expect(fields.title?.value == "Corporate Executive")
}

/// A legal form after company words alone ("Electricals Pvt. Ltd.") names no firm by itself: the
/// line above in its type is the name's first line, though it reads as a person's name and
/// spells the e-mail ("Jai Laxmi" beside jailaxmi@); the person is the other name line.
@Test func firmNamedAfterAPersonAboveGenericLegalFormLine() {
    let fields = extract(lines: [
        at("Jai Laxmi", 56, 67, 132, 27), at("Electricals Pvt. Ltd.", 61, 113, 268, 22),
        at("Girish R. Bhatt", 61, 181, 328, 36), at("Business Development Manager", 60, 245, 378, 25),
        at("+91 (40) 3890 3335", 58, 372, 236, 27), at("jailaxmi@yahoo.co.in", 57, 453, 261, 24),
        at("Above District Court, Lake View Colony", 58, 529, 415, 24),
        at("Hyderabad-500058", 60, 567, 202, 24),
    ])
    #expect(fields.company?.value == "Jai Laxmi Electricals Pvt. Ltd.")
    #expect(fields.name?.value == "Girish R. Bhatt")
}

/// A given name is matched without its accents (OCR drops them), unless the printed word has a
/// mark only Vietnamese writes that the name's spelling lacks: "Mại" is no "Mai", "Thị Mai" is.
@Test func vietnameseMarksThatNoGivenNameHas() {
    let lexicons = Lexicons.shared
    #expect(lexicons.isGivenName(printed: "Mai"))
    #expect(lexicons.isGivenName(printed: "Maria"))
    #expect(!lexicons.isGivenName(printed: "MẠI"))
    #expect(!lexicons.isGivenName(printed: "Mại"))
    #expect(lexicons.isGivenName(printed: "Ngọc"))
}

/// The same with a legal form of several words ("Private Limited"): "Enterprises Private
/// Limited" holds company words and a form alone, so "Jai Krishna" above it (jaikrishna@) is
/// the firm's first line and the person is "Pillai Girish" beside it.
@Test func firmNamedAfterAPersonAboveSpelledOutLegalForm() {
    let fields = extract(lines: [
        at("Jai Krishna", 66, 126, 197, 28), at("Pillai Girish", 574, 127, 253, 35),
        at("Enterprises Private Limited", 65, 178, 473, 36), at("Director", 575, 188, 93, 20),
        at("118, 2nd Floor, Dorarol Bhavan", 69, 439, 314, 20), at("+91-20-9405 1887", 529, 439, 262, 18),
        at("Opp. Central Library, Industrial Estate", 66, 475, 383, 24),
        at("020 - 4591 1101", 529, 476, 186, 18), at("Pune-411 062, Maharashtra", 66, 511, 274, 22),
        at("jaikrishna@gmail.com", 527, 548, 227, 23),
    ])
    #expect(fields.company?.value == "Jai Krishna Enterprises Private Limited")
    #expect(fields.name?.value == "Pillai Girish")
    #expect(fields.title?.value == "Director")
}

/// A phone label after two or more words, with nothing but a number after it, starts a piece of
/// its own ("Hotline" beside the company); after one word ("Sales Office") or a letter an icon
/// was read as, the line stays whole.
@Test(arguments: [
    (
        "Công ty TNHH Savi Việt Nam Hotline 024.8964.8096",
        ["Công ty TNHH Savi Việt Nam", "Hotline 024.8964.8096"]
    ),
    ("Sales Office 020 7946 0321", ["Sales Office 020 7946 0321"]),
    ("T Telp. +607-893 5623", ["T Telp. +607-893 5623"]),
    ("Main Street Medical Centre", ["Main Street Medical Centre"]),
])
func phoneLabelAfterWordsStartsAPiece(_ line: String, _ expected: [String]) {
    #expect(Labels.pieces(of: line) == expected)
}

/// A business that names itself by its kind, without a legal form ("Collective", "Club",
/// "Bakery"), is the company, over two lines too.
@Test func businessKindWordMakesTheCompany() {
    let fields = extract(lines: [
        at("The Tixato", 59, 68, 164, 25), at("Collective", 60, 120, 153, 25),
        at("MICHAEL MITCHELL, RN", 62, 256, 465, 28), at("0491 570 544", 553, 264, 174, 17),
        at("Apprentice", 58, 311, 141, 21), at("+61 2 5550 3414", 60, 436, 237, 17),
        at("michaelm83@inbox-mail.com.au", 60, 479, 424, 17), at("78 Collins Street", 60, 522, 221, 17),
        at("Sydney NSW 2000", 59, 565, 216, 17),
    ])
    #expect(fields.company?.value == "The Tixato Collective")
    #expect(fields.name?.value == "MICHAEL MITCHELL, RN")
    // A restaurant named by its kind, the owner's surname after it.
    let trattoria = extract("Trattoria Russo\nTony Russo\nChef / Owner\n41 Federal Street, Salem, MA 01970\n(978) 555-0110")
    #expect(trattoria.company?.value == "Trattoria Russo")
    // "& Sons" in Dutch: the partners' firm.
    let zonen = extract("Dekker & Zonen\nLiesbeth Vanderhoeven\nOffice Manager\nKeizersgracht 123, 1015 CJ Amsterdam")
    #expect(zonen.company?.value == "Dekker & Zonen")
    // "Industrial" names industrial areas in Indian addresses and trades in firms' names.
    let supply = extract("Apex Industrial Supply\nChris Taylor\nSales Representative\nctaylor@apexsupply.com")
    #expect(supply.company?.value == "Apex Industrial Supply")
    // A brand with a business function on the first line of a card with no other company.
    let legal = extract("Galway Legal\nSiobhan Ni Bhriain\nSolicitor\n+353 91 555 012")
    #expect(legal.company?.value == "Galway Legal")
    #expect(legal.title?.value == "Solicitor" && legal.department == nil)
    // A bank in French; an institution named "Centre for ..." that its domain's initials spell.
    let banque = extract("Banque Laurentienne\nEmily Tremblay\nInvestment Advisor\n514 555-0149\nemily@blcapital.ca")
    #expect(banque.company?.value == "Banque Laurentienne")
    let centre = extract("Centre for Health Policy Research\nAisha Bello\nProgramme Officer\naisha.bello@chpr.org.ng")
    #expect(centre.company?.value == "Centre for Health Policy Research")
    #expect(centre.title?.value == "Programme Officer")
}

/// On a Chinese card without a Chinese legal form, a Latin brand that spells the domain
/// ("Sanuker" beside vicky@sanuker.com) is the company, not an English translation to pass over.
@Test func latinBrandSpellingTheDomainOnAChineseCard() {
    let fields = extract(lines: [
        at("李芮明", 261, 202, 116, 29), at("Sanuker", 87, 303, 92, 23), at("產品總監", 259, 295, 116, 23),
        at("(852) 6373 0276", 155, 381, 199, 22), at("vicky@sanuker.com", 488, 382, 272, 24),
        at("GITHUB.COM/SANUKERINC", 293, 453, 373, 16), at("香港觀塘偉業街203號同得仕大廈4樓", 96, 597, 420, 21),
    ])
    #expect(fields.company?.value == "Sanuker")
    #expect(fields.name?.value == "李芮明")
}

/// A business function above company words and a legal form alone is the firm's first line
/// ("Ribel Engineering" / "Works Private Limited"), not a unit: no unit is named before "Works".
@Test func businessFunctionAboveGenericLegalFormLineHeadsTheFirm() {
    let fields = extract(lines: [
        at("Ribel Engineering", 113, 136, 304, 31), at("Works Private Limited", 110, 179, 379, 27),
        at("CA RAMESH PATEL", 107, 286, 456, 43), at("Asst.Officer-Marketing", 104, 334, 303, 43),
        at("09926955094", 101, 438, 278, 31), at("Board: 020-94940127", 100, 474, 275, 30),
        at("rameshp71@mailhub.in", 98, 509, 329, 39), at("Office No. 8, Tekkor Apartment", 97, 544, 390, 46),
        at("Opposite Fire Station,", 96, 579, 267, 37), at("Pune - 411 026", 95, 614, 181, 30),
    ])
    #expect(fields.company?.value == "Ribel Engineering Works Private Limited")
    #expect(fields.department == nil)
}

/// A Japanese name printed with its surname and given name far apart, read as two lines of one
/// row ("島津" and "華梨"), is one name; the given name alone is not.
@Test func hanSurnameAndGivenNameOnOneRowAreOneName() {
    let fields = extract(lines: [
        at("し ま", 84, 133, 62, 20), at("り ん", 358, 135, 64, 19), at("島津", 61, 159, 156, 60),
        at("華梨", 287, 160, 156, 60), at("担当", 56, 269, 52, 25), at("株式会社 ニトリ", 53, 473, 235, 32),
        at("東京都八王子市左入町766-1 〒192-0012", 57, 521, 492, 26), at("042-692-5621", 54, 555, 207, 21),
    ])
    #expect(fields.name?.value == "島津 華梨")
    #expect(fields.company?.value == "株式会社 ニトリ")
}


/// The name of a line whose rest OCR misread ("Megan Sullivan -regisrar") is the card's name.
@Test func nameBeforeMisreadRoleIsTheName() {
    let fields = extract(lines: [
        at("ELTEKTI UNIVERSITY", 340, 68, 371, 25), at("Megan Sullivan -regisrar", 242, 159, 568, 57),
        at("+1 303-555-0137", 390, 264, 271, 20), at("msullivan@lab.eltekti.org", 329, 348, 393, 26),
        at("Kati Building 3A", 429, 390, 193, 26), at("1995 Lakeshore Drive", 398, 432, 255, 20),
        at("Denver, CO 80243", 422, 476, 205, 22),
    ])
    #expect(fields.name?.value == "Megan Sullivan")
    #expect(fields.company?.value == "ELTEKTI UNIVERSITY")
}


/// A line of a given name and a company word ("Sati Caterers") has company evidence: it is no
/// given name without any, whose company weight would hold it under the threshold.
@Test func givenNameBesideCompanyWordHasCompanyEvidence() {
    let page = RecognizedPage(width: 1050, height: 600, lines: [at("Sati Caterers", 60, 40, 300, 30)])
    let features = extractor.explain(page).lines.first?.features ?? [:]
    #expect(features["company_word"] == 1)
    #expect(features["given_name_no_company_evidence"] == nil)
}

/// A company word beside words no name lexicon knows ("Ixloar College") is a firm's own name:
/// with no other company on the card it is the company, where a company word alone scored
/// exactly the threshold and was left. So is a company word before "of", whatever follows
/// ("University of Bristol", though "Bristol" is a surname; "University of" wrapped before
/// "Seattle"): a person's name holds no "of" after a company word. A business function after
/// the "of" is the organisation's subject, no unit of it ("Council of Science & Technology"
/// below a title is the company, not the title's department). A given name before a closing
/// company word that is no surname is a firm named after its founder or a place ("Lenna Group").
@Test(arguments: [
    CompanyLinesCase(
        description: "company word beside an unknown word",
        lines: [
            at("Vikram Nair", 436, 83, 343, 46), at("Principal Investigator", 439, 163, 270, 28),
            at("Office of Technology Licensing", 438, 254, 340, 26), at("+61 7 5010 4749", 478, 338, 235, 21),
            at("Ixloar College", 103, 338, 262, 26), at("(07) 5010 9506", 480, 384, 242, 26),
            at("vikram.nair@research.org.au", 479, 473, 421, 24),
            at("341 George Street, MC 5182", 438, 559, 387, 25),
            at("Brisbane QLD 4000", 441, 602, 235, 23),
        ],
        company: "Ixloar College", name: "Vikram Nair"),
    CompanyLinesCase(
        description: "company word before of, a surname after it",
        lines: [
            at("Ryo Nakamura", 587, 157, 359, 50), at("University of Bristol", 59, 201, 371, 26),
            at("Professor of Materials Science", 567, 220, 378, 22),
            at("+44 131 496 0450", 532, 447, 201, 16),
            at("85 Station Road", 58, 499, 184, 17), at("Edinburgh EH1 7GJ", 59, 533, 194, 22),
            at("nakamura@tivel.ac.uk", 653, 551, 204, 22),
        ],
        company: "University of Bristol", name: "Ryo Nakamura"),
    CompanyLinesCase(
        description: "company word before of, wrapped",
        lines: [
            at("Lauren Walker, RN", 418, 64, 537, 53), at("Director of Graduate Studies", 415, 134, 372, 24),
            at("University of", 88, 247, 259, 26), at("(512) 555-0198", 413, 277, 232, 21),
            at("Seattle", 142, 303, 142, 26), at("walker@tivi.edu", 412, 386, 168, 23),
            at("1281 Pine Street, Mail Stop 4503", 412, 442, 350, 24),
        ],
        company: "University of Seattle"),
    CompanyLinesCase(
        description: "company word before of, a business function after it",
        lines: [
            at("R.K. Vemra", 40, 40, 240, 40), at("Scientist", 40, 100, 150, 30),
            at("Varda Council of Science & Technology", 40, 150, 520, 30),
            at("14, Kisan Marg, Arera Hills, Bhopal - 462011", 40, 420, 600, 22),
            at("rkv@mp.nic.in", 40, 470, 260, 22),
        ],
        company: "Varda Council of Science & Technology"),
    CompanyLinesCase(
        description: "a given name before a closing company word",
        lines: [
            at("Lenna", 62, 70, 153, 37), at("Lenna Group", 60, 131, 196, 29),
            at("Ayşe Doğan", 60, 220, 300, 44), at("Proje Yöneticisi / Project Manager", 60, 290, 420, 24),
            at("Büyükdere Cad. No: 115 Kat: 7", 60, 420, 380, 22),
            at("34463 Şişli / İstanbul", 60, 455, 280, 22),
            at("aysed24@posta.com.tr", 60, 500, 260, 22),
        ],
        company: "Lenna Group", name: "Ayşe Doğan"),
])
func companyWordWithANameOfItsOwn(_ c: CompanyLinesCase) {
    let fields = extract(lines: c.lines)
    #expect(fields.company?.value == c.company)
    if let name = c.name { #expect(fields.name?.value == name) }
}

/// A surname in capitals beside a given name in mixed case marks itself wherever it stands
/// (generated: a Japanese card in romaji, "ISHIKAWA Ryo", where Ryo is no listed given name): the
/// line is a name though its last word is no known surname.
@Test func aCapitalisedSurnameFirstIsASurname() {
    let lines = [
        line("Yamato Travel", y: 62, height: 24),
        line("+81 52-299-5663", y: 305, height: 23),
        line("info@yamato.co.jp", y: 379, height: 24),
        line("〒450-0002", y: 471, height: 19),
        line("ISHIKAWA Ryo", y: 475, height: 53),
        line("4-5-21 Meieki, Nakamura-ku", y: 509, height: 21),
        line("Assistant Manager", y: 541, height: 27),
        line("Nagoya, Japan", y: 546, height: 22),
    ]
    #expect(extract(lines: lines).name?.value == "ISHIKAWA Ryo")
}

/// A piece another field wants more stays out of the address its line's other piece opens
/// (generated: the name beside the postcode, "YAMAMOTO Shota È 〒150-0002 Moto Bldg. 13F", read as
/// one line and parted at the column).
@Test func aNameBesideTheAddressOnOneLineStaysTheName() {
    let across = line(of: [
        word("YAMAMOTO", 59, 499, 263, 37), word("Shota", 337, 498, 129, 38),
        word("È", 509, 516, 20, 27), word("〒150-0002", 549, 525, 120, 17), word("Moto", 678, 524, 53, 18),
        word("Bldg.", 740, 522, 54, 26), word("13F", 803, 524, 38, 18),
    ])
    let page = RecognizedPage(
        width: 1075, height: 650,
        lines: [
            line(of: [word("WAKABA", 60, 75, 154, 27), word("SOLUTIONS", 226, 75, 210, 27)]),
            line(of: [
                word("+81", 546, 344, 38, 18), word("(0)3", 592, 343, 40, 24),
                word("7542", 640, 344, 50, 18), word("5295", 698, 344, 51, 18),
            ]),
            line(of: [word("syamamoto@wakaba.co.jp", 506, 427, 301, 25)]),
            line(of: [word("https://www.wakaba.co.jp", 507, 465, 292, 34)]),
            across,
            line(of: [word("Manager,", 61, 566, 98, 24), word("Sales", 167, 564, 57, 20)]),
            line(of: [word("5-6-8", 507, 567, 54, 17), word("Shibuya,", 569, 565, 94, 25),
                word("Shibuya-ku,", 671, 565, 130, 25), word("Tokyo", 810, 565, 64, 25)]),
        ])
    let fields = extractor.extract(from: page)
    #expect(fields.name?.value == "YAMAMOTO Shota")
    #expect(fields.address?.value == "〒150-0002 Moto Bldg. 13F, 5-6-8 Shibuya, Shibuya-ku, Tokyo")
}

/// A unit's number set apart before the street ("G-1 | Plot A-27", realcards tune; on five of its
/// copies the bars were lost and "G-1" read as a piece of its own) is no scrap: it opens the
/// address. Letters and digits without the hyphen stay noise.
@Test func aUnitNumberSetApartOpensTheAddress() {
    #expect(!LineScorer.isJunk(segment("G-1")))
    #expect(!LineScorer.isJunk(segment("12-B")))
    #expect(LineScorer.isJunk(segment("G1")))
    #expect(LineScorer.isJunk(segment("-1")))
    let fields = extract(
        "Mehul Nachane\nCo-Founder & Director\nNEXTGEN TECH INITIATIVES PVT LTD\n"
            + "G-1 | Plot A-27 | Road No.10, Wagle Industrial Estate, MIDC\n"
            + "Thane, Maharashtra | India - 400604\n+91 9821026329\nmehul.nachane@nextgen-tech.in")
    #expect(fields.address?.value.hasPrefix("G-1, Plot A-27, Road No.10") == true)
}

/// German domains spell an umlaut out ("Müller & Söhne" at mueller-soehne.de): the company line
/// resembles its domain, and is no address line before the street.
@Test func umlautsSpelledOutInTheDomain() {
    #expect(Text.umlautsSpelledOut("Müller & Söhne, Straße") == "Mueller & Soehne, Strasse")
    let fields = extract(
        "Hans Müller\nGeschäftsführer\nMüller & Söhne\nHauptstraße 12\n10115 Berlin\n"
            + "Tel. +49 30 1234567\nh.mueller@mueller-soehne.de")
    #expect(fields.company?.value == "Müller & Söhne")
    #expect(fields.address?.value == "Hauptstraße 12, 10115 Berlin")
}

/// A dotless ı on a card with no other sign of Turkish is an i the Latin model misread
/// ("Managıng Trustee", realcards tune, softened copy); a Turkish name or company word keeps it
/// on any card, and a Turkish card keeps every one.
@Test func aDotlessIOutsideTurkishIsAnI() {
    let misread = extract(
        "Dr. Mayur Joshi\nManagıng Trustee\nUdgam Trust\nPlot No. 818, Sector - 8, Gandhinagar - 382008\n"
            + "mayur@udgam.org")
    #expect(misread.title?.value == "Managing Trustee")
    let name = extract("Yusuf Yılmaz\nSenior Analyst\nHarbor Capital LLC\nyusuf@harborcapital.com")
    #expect(name.name?.value == "Yusuf Yılmaz")
    let turkish = extract("Ebru Kılıç\nSatış Müdürü\nRiva Lojistik A.Ş.\nebru@rivalojistik.com")
    #expect(turkish.name?.value == "Ebru Kılıç")
    #expect(turkish.title?.value == "Satış Müdürü")
}

/// A legal-form line that spells the card's domain by itself has its name: the unit printed
/// above it ("Business Design Office", "Tax & Advisory") is not the first line of a two-line
/// company name. A generic form line ("Works Private Limited") still takes the line above.
@Test func aCompanyNamedByItsDomainTakesNoUnitAbove() {
    let units = [("Business Design Office", "Northwind Traders Ltd."), ("Tax & Advisory", "Northwind LLP")]
    for (unit, company) in units {
        let fields = extract(
            "Jordan Avery\nDirector\n\(unit)\n\(company)\n+1 206 555 0147\njordan@northwind.com")
        #expect(fields.company?.value == company)
    }
    let twoLines = extract(
        "Ravi Patel\nDirector\nRibel Engineering\nWorks Private Limited\n+91 98765 43210\nravi@ribel.co.in")
    #expect(twoLines.company?.value == "Ribel Engineering Works Private Limited")
}

/// A Korean address is Hangul words that end in administrative and street units (city 시,
/// district 구, road 로 ...): no Han character marks it. Two such words make an address line.
@Test func aKoreanAddressIsFoundByItsUnits() {
    #expect(LineScorer.hangulAddressWords("서울특별시 강남구 테헤란로 123") == 3)
    #expect(LineScorer.hangulAddressWords("영업팀 팀장") == 0)
    let fields = extract(
        "주식회사 한빛전자\n영업팀 팀장\n김민수\n서울특별시 강남구 테헤란로 123\n02-555-1234\nminsu.kim@hanbit.co.kr",
        languages: "kor+eng")
    #expect(fields.address?.value == "서울특별시 강남구 테헤란로 123")
    #expect(fields.name?.value == "김민수")
}

/// A 0 or 1 read inside a name's letters is an O or an l (I in capitals) when the word then is
/// a known name; other words keep their digits.
@Test(arguments: [
    ("J0hn Smith", "John Smith"), ("Rache1 Green", "Rachel Green"), ("Wi11iam Turner", "William Turner"),
    ("Mike 0'Brien", "Mike O'Brien"),
])
func digitsReadInANameAreLetters(_ c: (String, String)) {
    let fields = extract("Acme Widgets LLC\n\(c.0)\nSales Manager\n(217) 555-0134\ninfo@acmewidgets.com")
    #expect(fields.name?.value == c.1)
}

@Test func digitsOutsideNamesStay() {
    var segments = [segment("A1 R0ad Works B2B", width: 100)]
    FieldExtractor.repairDigitsInNames(&segments)
    #expect(segments[0].text == "A1 R0ad Works B2B")
}

/// Protects the measurement of names the lexicons do not know (`cardscan eval --hide-names`):
/// one name in N is hidden, the same ones on every run, and nothing else changes.
@Test func hidingNamesLeavesOutAStableShare() {
    let all = Lexicons.shared
    let half = Lexicons(tables: Lexicons.allTables, hidingNames: 2)
    let share = Double(half.givenNames.count) / Double(all.givenNames.count)
    #expect(share > 0.4 && share < 0.6)
    #expect(half.givenNames.isSubset(of: all.givenNames))
    #expect(all.givenNames.subtracting(half.givenNames).allSatisfy { Lexicons.hides($0, modulus: 2) })
    #expect(half.surnames.allSatisfy { !Lexicons.hides($0, modulus: 2) })
    #expect(Lexicons.hides("maria", modulus: 2) == Lexicons.hides("maria", modulus: 2))
    #expect(half.titleRoles == all.titleRoles)
}

/// A line that fits no field goes on with the title above it only as words of a title: not as
/// hours, a piece of a list printed with bars, or, on a card with no other name, a person's name
/// no lexicon knows. A title's own second line still does ("Partnerships and Alliances").
@Test(arguments: [
    ("Skin Clinic\nDr. Meera Iyer\nConsultant Dermatologist\nTimings: 10 AM - 1 PM\n040 2345 6789",
     "Consultant Dermatologist"),
    ("SANDHU TRAVELS\nHarpreet Sandhu\nTravel Consultant\nAir Tickets | Visa | Tours\n+91 98140 33221",
     "Travel Consultant"),
    ("Chief Executive Officer\nThirumalai Venugopal\nAranya Foods\nwww.aranyafoods.in\n+91 94440 55667",
     "Chief Executive Officer"),
    ("Jordan Blake\nDirector of Strategic\nPartnerships and Alliances\nAcme Corp\njordan@acme.com",
     "Director of Strategic Partnerships and Alliances"),
])
func onlyTitleWordsGoOnWithATitle(_ c: (String, String)) {
    let fields = extract(c.0)
    #expect([fields.title?.value, fields.department?.value].compactMap { $0 }.joined(separator: ", ") == c.1)
}

/// A card that prints the title first: the name under it, in larger type, is the name even when
/// no lexicon knows it (the fitted `larger_below_role_line`); in the title's own type it is not
/// marked.
@Test func aNameUnderItsTitleInLargerTypeIsTheName() {
    let lines = [
        line("Managing Director", y: 60, height: 24),
        line("Keshavan Ponnusamy", y: 100, height: 40),
        line("Kovai Pumps Pvt. Ltd.", y: 300, height: 30),
        line("Mob: 98430 12345", y: 400, height: 22),
        line("kp@kovaipumps.com", y: 440, height: 22),
    ]
    #expect(features(Array(lines[1...]) + [lines[0]])["larger_below_role_line"] == 1)
    let fields = extract(lines: lines)
    #expect(fields.name?.value == "Keshavan Ponnusamy")
    #expect(fields.title?.value == "Managing Director")
    var same = lines
    same[1] = line("Keshavan Ponnusamy", y: 100, height: 24)
    #expect(features(Array(same[1...]) + [same[0]])["larger_below_role_line"] == nil)
}

/// A line telling what the firm does is a tagline, not the firm's name; the trade name above it
/// is ("Malhotra Handicrafts" / "Manufacturers & Exporters of Brass Artware").
@Test(arguments: [
    ("Manufacturers & Exporters of Brass Artware", true), ("Dealers in: Cement, Steel & Hardware", true),
    ("Authorised Distributors for Bosch", true), ("Global Exporters", false), ("Dealers in", false),
    ("Sundaram Traders", false),
])
func activityLines(_ c: (String, Bool)) {
    let scorer = LineScorer(
        lexicons: Lexicons.shared, context: CardContext(emails: [], websites: [], sizes: [30]))
    #expect(scorer.activityLine(c.0) == c.1)
}

@Test func theTradeNameAboveAnActivityLineIsTheCompany() {
    let fields = extract(
        "Malhotra Handicrafts\nManufacturers & Exporters of Brass Artware\nRitu Malhotra\nProprietor\n"
            + "B-12, Sector 63, Noida, U.P.\n9811122233")
    #expect(fields.company?.value == "Malhotra Handicrafts")
}

/// A business function alone above a role word alone is the title's head ("Business
/// Development" / "Executive"), as a seniority is.
@Test func aFunctionAboveARoleWordBeginsTheTitle() {
    let card = "Lagos Freight Services\nOlumide Adebayo\nBusiness Development\nExecutive\n+234 803 555 1234"
    let fields = extract(card)
    #expect(fields.title?.value == "Business Development Executive")
    #expect(fields.department == nil)
}

/// A Chinese name and its role on one line, parted by a space, are two pieces, in either order; so are
/// a unit and its role, a role word inside the unit ("市场") or not; two Han words that are not a
/// surnamed name or a unit and a role stay one line, and so does a unit word alone.
@Test(arguments: [
    ("張家豪 店長", "張家豪 | 店長"), ("董事長 吳宗憲", "董事長 | 吳宗憲"), ("信義房屋 台北店", "信義房屋 台北店"),
    ("業務部 經理", "業務部 | 經理"), ("行銷處 副總經理", "行銷處 | 副總經理"), ("張家豪", "張家豪"),
    ("市场部 销售总监", "市场部 | 销售总监"), ("業務部 業務部長", "業務部 業務部長"), ("部 經理", "部 經理"),
])
func aChineseNameAndRoleOnOneLineArePieces(_ c: (String, String)) {
    #expect(Segment.separatingHanRole(c.0) == c.1)
}

/// A unit and its role on one line are the title and the department, in the labels' order (title
/// first, then the unit); a unit named by 處 on a line of its own is the department (realcards
/// README: "Title first, then department or branch"); 會計 (accountant) is a role; a unit whose
/// name holds a role word is still the unit.
@Test(arguments: [
    ("宏達電子股份有限公司\n王小明\n業務部 經理\n電話：(02) 2345-6789", "經理", "業務部"),
    ("統一企業股份有限公司\n行銷處 副總經理\n陳美玲\n電話：(02) 2345-6789", "副總經理", "行銷處"),
    ("鴻遠電子股份有限公司\n海外業務處\n資深工程師\n張冠宇\n電話：(03) 493-2283", "資深工程師", "海外業務處"),
    ("聯興實業股份有限公司\n資訊部\n會計\n楊惠珍\n電話：(02) 2345-6789", "會計", "資訊部"),
    // A role word inside a unit's name is the unit's function (法務, 經理 of 總經理室).
    ("宏碩精密股份有限公司\n王大明\n法務室 經理\n電話 02-2345-6789", "經理", "法務室"),
    ("宏碩精密股份有限公司\n王大明\n總經理室 特助\n電話 02-2345-6789", "特助", "總經理室"),
    ("宏碩精密股份有限公司\n王大明\n經理\n品管部\n電話 02-2345-6789", "經理", "品管部"),
])
func aHanUnitBesideOrAboveItsRoleIsTheDepartment(_ c: (String, String, String)) {
    let fields = extract(c.0, languages: "chi_tra+eng")
    #expect(fields.title?.value == c.1)
    #expect(fields.department?.value == c.2)
}

@Test func aChineseNameBesideItsRoleIsTheName() {
    let fields = extract("宏達電子股份有限公司\n張家豪 店長\n電話：(02) 2345-6789", languages: "chi_tra+eng")
    #expect(fields.name?.value == "張家豪")
    #expect(fields.title?.value == "店長")
}

/// A Han line that names a phone line and nothing else is the label of the number beside it,
/// never a line of the address above it.
@Test func aHanPhoneLabelIsNoAddressLine() {
    #expect(AddressFinder.isHanPhoneLabel("客戶權益專線"))
    #expect(AddressFinder.isHanPhoneLabel("服務電話"))
    #expect(!AddressFinder.isHanPhoneLabel("新北市三重區重新路二段10號"))
    #expect(!AddressFinder.isHanPhoneLabel("電話 02-2345-6789"))
    let fields = extract(
        "信義房屋\n新北市三重區重新路二段10號\n客戶權益專線\n(0800) 211-922", languages: "chi_tra+eng")
    #expect(fields.address?.value == "新北市三重區重新路二段10號")
}

/// A firm named after its partners ("Velsava & Lenmi") is a company on a card that prints no
/// domain to resemble: capitalised names of one or two words on both sides of "&", nothing else.
/// Functions, roles and a couple's given names joined by "&" are no partnership.
@Test func partnersNamesJoinedByAnAmpersandAreTheCompany() {
    #expect(LineScorer.isPartnership("Velsava & Lenmi"))
    #expect(LineScorer.isPartnership("Baker & McKenzie"))
    #expect(!LineScorer.isPartnership("Velsava &"))
    #expect(!LineScorer.isPartnership("Velsava & Lenmi & Co"))
    #expect(!LineScorer.isPartnership("Tel & Fax 555 0100"))
    let fields = extract(
        "Velsava & Lenmi\nTarek Al-Mansouri, PhD\nExecutive Assistant\nM: +44 7700 900123\ntareka10@inbox-mail.co.uk")
    #expect(fields.company?.value == "Velsava & Lenmi")
    #expect(fields.name?.value == "Tarek Al-Mansouri, PhD")
    for text in ["Sales & Marketing", "Founder & CEO", "John & Mary"] {
        #expect(features([line(text, y: 40, height: 20)])["partners"] == nil)
    }
    #expect(features([line("Baker & McKenzie", y: 40, height: 20)])["partners"] == 1)
}

/// A "9" read less surely than house numbers read (`pin_digit_below`) before an address is the
/// pin icon ("9 Viol Center 3C" at 0.50, a generated card); a 9 read surely is the house number
/// ("9 Victoria Street" at 0.97), and without a fitted bound every 9 stays.
@Test func anUnsureNineBeforeAnAddressIsThePin() throws {
    func read(_ confidence: Double) -> RecognizedLine {
        var built = line(of: [
            word("9", 70, 525, 14, 20), word("Viol", 96, 524, 48, 20), word("Center", 150, 524, 80, 20),
            word("3C", 238, 524, 30, 20),
        ])
        built.words[0].confidence = confidence
        return built
    }
    let bound = try #require(ScoringModel.standard.pinDigitBelow)
    #expect(Segment.withoutIconSpeck(read(0.50), pinDigitBelow: bound) == 2)
    #expect(Segment.withoutIconSpeck(read(0.97), pinDigitBelow: bound) == nil)
    #expect(Segment.withoutIconSpeck(read(0.50), pinDigitBelow: nil) == nil)
    let fields = extract(lines: [
        line(of: [word("Lenmi", 70, 60, 120, 40), word("University", 200, 60, 220, 40)]),
        read(0.50),
        line(of: [word("1973", 96, 560, 50, 20), word("Elm", 152, 560, 40, 20), word("Avenue", 198, 560, 80, 20)]),
        line(of: [word("San", 96, 595, 40, 20), word("Francisco,", 142, 595, 110, 24), word("CA", 258, 595, 30, 20),
                  word("94174", 294, 595, 60, 20)]),
    ])
    #expect(fields.address?.value.hasPrefix("Viol Center 3C") == true)
}

/// A Han letter read unsure from the card's edge or a logo before a Chinese name is no part of
/// it ("時 胡佳穎" with 時 at 0.36, generated Taiwanese photos); a name whose own surname reads
/// unsure keeps it (廖宗翰), and so does a line whose rest is a name of two letters only.
@Test func anUnsureHanGlyphBeforeAChineseNameIsDropped() {
    func name(_ glyph: String, _ rest: [String], confidence: Double = 0.36) -> RecognizedLine {
        var x = 0
        var words = [word(glyph, x, 63, 25, 64)]
        x = 100
        for letter in rest {
            words.append(word(letter, x, 72, 60, 46))
            x += 70
        }
        words[0].confidence = confidence
        var built = line(of: words)
        built.text = glyph + " " + rest.joined()
        return built
    }
    #expect(Segment.edgeGlyphBeforeChineseName(name("時", ["胡", "佳", "穎"])) == 2)
    #expect(Segment.edgeGlyphBeforeChineseName(name("時", ["胡", "佳", "穎"], confidence: 0.9)) == nil)
    #expect(Segment.edgeGlyphBeforeChineseName(name("廖", ["宗", "翰"])) == nil)
    #expect(Segment.edgeGlyphBeforeChineseName(name("纖", ["文", "雄"])) == nil)
    let fields = extractor.extract(
        from: RecognizedPage(
            width: 1050, height: 600,
            lines: [name("時", ["胡", "佳", "穎"]), line("業務經理", y: 200, height: 30), line("電話 02-2345-6789", y: 300, height: 24)],
            languages: "chi_tra+eng"))
    #expect(fields.name?.value == "胡佳穎")
}

/// A university's wordmark wrapped before "of" in type smaller than the name's ("University" /
/// "of Austin" left of the contact lines, a generated institution card, 7757): alone the first
/// line is a company word and nothing else, below the company threshold, so the name it starts
/// went untaken.
@Test func organisationWrappedBeforeOfIsOneCompany() {
    func card(rest: String) -> CardFields {
        let restWords = rest.split(separator: " ").enumerated().map { i, w in
            word(String(w), 91 + 71 * i, 835, 56, 39)
        }
        let lines = [
            line(of: [
                word("Åsa", 501, 528, 136, 65), word("C.", 665, 540, 69, 53),
                word("Kristiansen", 767, 541, 450, 53),
            ]),
            line(of: [word("Executive", 503, 623, 149, 24), word("Director", 665, 624, 130, 23)]),
            line(of: [
                word("Dean,", 503, 669, 86, 26), word("School", 604, 668, 101, 24),
                word("of", 717, 669, 31, 23), word("Engineering", 757, 669, 191, 30),
            ]),
            line(of: [word("University", 76, 766, 288, 50)]),
            line(of: [word("+1", 539, 790, 37, 22), word("206-555-0103", 593, 790, 213, 24)]),
            line(of: restWords),
            line(of: [word("asa.kristiansen@ixti.org", 536, 878, 378, 33)]),
            line(of: [
                word("818", 532, 1046, 55, 23), word("Pine", 601, 1046, 65, 24),
                word("Street,", 679, 1048, 102, 27), word("Suite", 796, 1049, 78, 24),
                word("2900", 888, 1050, 75, 24),
            ]),
            line(of: [
                word("Seattle,", 501, 1090, 114, 28), word("WA", 629, 1092, 51, 23),
                word("98172-2513", 691, 1093, 185, 25),
            ]),
        ]
        return extractor.extract(from: RecognizedPage(width: 1600, height: 1200, lines: lines))
    }
    #expect(card(rest: "of Austin").company?.value == "University of Austin")
    // A line that does not go on with "of" is no part of the name.
    #expect(card(rest: "Austin Campus").company?.value != "University Austin Campus")
}

/// A line taken for the company for its size alone, with nothing of a company's (no legal form,
/// company word, partners' names or the card's domain) and a damaged reading, is a photo's noise
/// or a misread logo ("TORE” i5" from a softened tuning photo, "ma Pratama" cut from its line):
/// the company stays empty. Read cleanly it is a wordmark, and with a company word, a legal form
/// or the card's domain it is the company however it reads.
@Test func damagedCompanyWithoutAnyEvidenceStaysEmpty() {
    func company(_ mark: String, email: String = "katie.myers@gmail.com") -> String? {
        extract(lines: [
            line("KATIE MYERS", y: 60, height: 30),
            line("Claims Coordinator", y: 100, height: 20),
            line("(660) 562-7087", y: 300, height: 18),
            line(email, y: 330, height: 18),
            line(mark, y: 480, height: 60, x: 700),
        ]).company?.value
    }
    #expect(company("TORE” i5") == nil)
    #expect(company("ma Toreio") == nil)
    #expect(company("Toreio") == "Toreio")
    #expect(company("TORE” i5 Group") == "TORE” i5 Group")
    #expect(company("TORE Group") == "TORE Group")
    #expect(company("TORE Ltd.") == "TORE Ltd.")
    #expect(company("Toreio", email: "katie.myers@toreio.com") == "Toreio")
}

/// An organisation's wordmark wrapped before its last word, the two lines a little more than half
/// a line height apart ("Zolokor Port" / "Authority", a generated institution card, 7789): alone
/// the lower line is a company word and nothing else and the upper a name no lexicon knows, so
/// the department under the title was the card's only organisation. A person's name over a
/// company word stays a name.
@Test func organisationStackedOverItsLastWordIsOneCompany() {
    func card(_ top: [String], _ bottom: String) -> CardFields {
        let lines = [
            line(of: [word(top[0], 74, 70, 150, 31), word(top[1], 236, 72, 82, 29)]),
            line(of: [word(bottom, 71, 128, 187, 41)]),
            line(of: [word("Nadia", 69, 254, 131, 37), word("Çelik", 216, 254, 116, 48)]),
            line(of: [word("Visiting", 68, 317, 97, 28), word("Scholar", 175, 317, 94, 22)]),
            line(of: [word("Physics", 67, 360, 85, 27), word("Laboratory", 160, 361, 124, 27)]),
            line(of: [
                word("T.", 65, 470, 20, 19), word("0161", 94, 470, 54, 20), word("496", 158, 470, 41, 20),
                word("0803", 207, 470, 56, 20),
            ]),
            line(of: [
                word("215", 63, 553, 41, 19), word("Church", 113, 552, 81, 21),
                word("Lane", 203, 553, 55, 20),
            ]),
            line(of: [
                word("Manchester", 63, 593, 131, 21), word("M1", 202, 595, 37, 19),
                word("4EL", 248, 595, 47, 20),
            ]),
        ]
        return extractor.extract(from: RecognizedPage(width: 1050, height: 685, lines: lines))
    }
    #expect(card(["Zolokor", "Port"], "Authority").company?.value == "Zolokor Port Authority")
    #expect(card(["Maria", "Lopez"], "Consulting").company?.value != "Maria Lopez Consulting")
}

/// A proper name no lexicon knows before a university's unit names the school itself ("Tovel
/// School of Medicine" over the name, a generated institution card, 8749): on a card with no
/// other organisation it is the company, and the department goes to the best other unit line.
/// "Graduate School of Medicine" (a known word first) stays a unit.
@Test func namedSchoolOnACardWithoutAnotherOrganisationIsTheCompany() {
    func card(_ first: String) -> CardFields {
        let lines = [
            line(of: [
                word(first, 285, 75, 99, 31), word("School", 399, 75, 125, 31),
                word("of", 539, 75, 40, 31),
                word("Medicine", 591, 75, 176, 31),
            ]),
            line(of: [
                word("Kenji", 166, 168, 144, 62), word("Ishikawa,", 331, 168, 286, 55),
                word("MD,", 642, 172, 108, 51), word("PhD", 775, 168, 114, 47),
            ]),
            line(of: [word("Assistant", 391, 249, 127, 23), word("Professor", 529, 249, 133, 23)]),
            line(of: [
                word("Director,", 199, 299, 113, 28), word("Center", 324, 300, 93, 23),
                word("for", 426, 299, 41, 24),
                word("Language", 477, 300, 137, 30), word("and", 624, 299, 51, 24),
                word("Information", 687, 299, 167, 24),
            ]),
            line(of: [word("Human", 413, 349, 90, 20), word("Resources", 514, 349, 127, 20)]),
            line(of: [
                word("Training", 373, 392, 101, 27), word("&", 484, 393, 18, 19),
                word("Development", 512, 392, 167, 27),
            ]),
            line(of: [
                word("Direct:", 402, 460, 78, 20), word("+61", 490, 461, 40, 19), word("8", 543, 461, 13, 19),
                word("7010", 566, 461, 60, 19), word("2322", 634, 461, 60, 19),
            ]),
            line(of: [
                word("151", 433, 505, 38, 20), word("Queen", 484, 506, 82, 23),
                word("Street", 576, 506, 73, 19),
            ]),
            line(of: [
                word("Adelaide", 418, 549, 108, 20), word("SA", 536, 550, 30, 19),
                word("5000", 574, 550, 59, 19),
            ]),
            line(of: [word("Australia", 471, 593, 109, 20)]),
        ]
        return extractor.extract(from: RecognizedPage(width: 1050, height: 683, lines: lines))
    }
    let named = card("Tovel")
    #expect(named.company?.value == "Tovel School of Medicine")
    #expect(named.department?.value != "Tovel School of Medicine")
    #expect(card("Graduate").company?.value != "Graduate School of Medicine")
}
