#!/usr/bin/python3
"""Generates cardscan's synthetic business-card test images and their truth files.

Everything in TestImages/ is synthetic: invented people and companies, drawn with Pillow in
fonts from Debian packages. Each image gets a `<stem>.truth.json` beside it in the `TruthFile`
format of Sources/CardModel/Truth.swift, written from the same values that were drawn.

Regenerate the committed set (from the repository root):

    scripts/generate-test-images

which installs the Debian packages (`scripts/install-deps --generator`: python3-pil and the font
packages), makes a virtualenv in .build/generator-venv that sees Debian's Pillow, installs the
pinned PyPI package `phonenumbers` into it, and runs this script. `phonenumbers` is needed only
to regenerate: it checks that every printed number is valid for its region and computes its
E.164 form. Run by hand:

    .build/generator-venv/bin/python scripts/generate_cards.py [--out TestImages] [--count 320] [--seed 20261122]

Images from WORLD_FIRST_INDEX on are "world" cards (issue 9: the cultures, layouts and photo
conditions the real cards show and the older kinds lack); see make_world_entry.

Output is deterministic: every card draws from its own random stream seeded by (seed, index),
so the same command gives byte-identical files on the same Debian release, and a larger
--count keeps the first cards unchanged. The script replaces the images and truth files in
OUT/cards, OUT/samples and OUT/broken and rewrites OUT/README.md.
"""

import argparse
import io
import json
import math
import random
import struct
import sys
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

try:
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
except ImportError:
    sys.exit("generate_cards.py: Pillow is missing. Run scripts/install-deps --generator "
             "(Debian's python3-pil) and use /usr/bin/python3 or the venv of scripts/generate-test-images.")
try:
    import phonenumbers
    import qrcode
    from phonenumbers import PhoneNumberFormat as PNF
    from phonenumbers import PhoneNumberType as PNT
except ImportError:
    sys.exit("generate_cards.py: the PyPI package phonenumbers is missing. "
             "Run scripts/generate-test-images, or pip install phonenumbers==9.0.43 into a venv "
             "made with --system-site-packages.")

DEFAULT_SEED = 20261122
DEFAULT_COUNT = 320  # 309 before the world cards; see WORLD_FIRST_INDEX
KINDS = ["clean", "lowdpi", "noisy", "rotated", "skewed", "scan", "photo", "flatbed", "chinese"]
# Images from this index on alternate Japanese and Korean cards (issue 9: `--lang auto` reads kana
# with jpn and hangul with kor); the images before it keep the nine kinds above, byte for byte.
CJK_FIRST_INDEX = 297
CJK_KINDS = ["japanese", "korean"]

# ---------------------------------------------------------------------------------------------
# Fonts (Debian packages: fonts-dejavu-core, fonts-dejavu-extra, fonts-liberation2,
# fonts-noto-core, fonts-wqy-zenhei)

FONT_ROOT = Path("/usr/share/fonts/truetype")
FAMILIES = {
    "DejaVu Sans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "DejaVu Sans Condensed": ("dejavu/DejaVuSansCondensed.ttf", "dejavu/DejaVuSansCondensed-Bold.ttf"),
    "DejaVu Serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "Liberation Sans": ("liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf"),
    "Liberation Serif": ("liberation2/LiberationSerif-Regular.ttf", "liberation2/LiberationSerif-Bold.ttf"),
    "Noto Sans": ("noto/NotoSans-Regular.ttf", "noto/NotoSans-Bold.ttf"),
    "Noto Serif": ("noto/NotoSerif-Regular.ttf", "noto/NotoSerif-Bold.ttf"),
}
MONO = ("liberation2/LiberationMono-Regular.ttf", "liberation2/LiberationMono-Bold.ttf")
CJK = "wqy/wqy-zenhei.ttc"
# Japanese and Korean cards (fonts-noto-cjk): Noto Sans CJK, face 0 of the collection is the
# Japanese one, face 1 the Korean one ("path#face")
NOTO_CJK = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
# Taiwanese cards from HAN_FACES_FIRST_INDEX on are also printed in the Traditional Chinese faces
# (face 3) of Noto Sans CJK (a Hei face) and Noto Serif CJK (a Ming face), as real ones are
NOTO_SERIF_CJK = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                  "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
HAN_FACES = {"sans": ("Noto Sans CJK TC", NOTO_CJK), "serif": ("Noto Serif CJK TC", NOTO_SERIF_CJK)}

_font_cache = {}


def font(rel, size):
    key = (rel, size)
    if key not in _font_cache:
        path, _, face = rel.partition("#")
        _font_cache[key] = ImageFont.truetype(str(FONT_ROOT / path), size, index=int(face or 0))
    return _font_cache[key]


def check_fonts():
    rels = ([p for pair in FAMILIES.values() for p in pair] + list(MONO) + [CJK] + list(NOTO_CJK)
            + list(NOTO_SERIF_CJK))
    missing = [r for r in rels if not (FONT_ROOT / r).exists()]
    if missing:
        sys.exit("generate_cards.py: fonts missing: " + ", ".join(missing) +
                 ". Run scripts/install-deps --generator.")


# ---------------------------------------------------------------------------------------------
# Content: people, companies, addresses, phone numbers

CULTURES = {
    "en": (["James", "Olivia", "Michael", "Emily", "Daniel", "Sarah", "Christopher", "Hannah",
            "Benjamin", "Grace", "Matthew", "Chloe", "Ryan", "Megan", "Nathan", "Lauren", "Ethan",
            "Abigail", "Owen", "Rachel", "Mary-Kate", "Liam"],
           ["Thompson", "Walker", "Bennett", "Harrison", "Mitchell", "Carter", "Hughes", "Foster",
            "Reynolds", "Sullivan", "O'Brien", "McAllister", "Fitzgerald", "Whitaker", "Brooks",
            "Coleman", "Hayes", "Porter", "Wallace", "Sinclair", "Smith-Jones", "Ashworth"]),
    "es": (["José", "María", "Alejandro", "Lucía", "Javier", "Sofía", "Andrés", "Inés", "Mateo",
            "Valentina", "Raúl", "Camila", "Ana Belén", "Íñigo"],
           ["García", "Fernández", "Núñez", "Rodríguez", "Martínez", "Gómez", "Ibáñez", "Muñoz",
            "Castillo", "Herrera", "Ortega", "Peña", "García-Lorca", "Sáenz"]),
    "de": (["Jürgen", "Lena", "Matthias", "Katharina", "Björn", "Anja", "Felix", "Sabine",
            "Lukas", "Jörg", "Marie-Luise", "Tobias", "Käthe", "Uwe"],
           ["Müller", "Schröder", "Weiß", "Köhler", "Hoffmann", "Becker", "Schäfer", "Krüger",
            "Zimmermann", "Braun", "Vogel", "Lehmann", "Müller-Lüdenscheidt", "Göbel"]),
    "fr": (["Zoë", "François", "Hélène", "Amélie", "Étienne", "Chloé", "Jérôme", "Anne-Sophie",
            "Benoît", "Céline", "Mathéo", "Noémie", "Jean-Luc", "Maëlle"],
           ["Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine", "Lemaître",
            "Chevalier", "Mercier", "Gauthier", "Bonnet", "Faure", "Delacroix", "Bérard"]),
    "pt": (["João", "Ana", "Luís", "Beatriz", "Gonçalo", "Mariana", "Thiago", "Larissa",
            "Vinícius", "Fernanda", "Caio", "Letícia"],
           ["Gonçalves", "Araújo", "Pereira", "Carvalho", "Ribeiro", "Simões", "Magalhães",
            "Conceição", "Barbosa", "Azevedo", "Brandão", "Falcão"]),
    "ja": (["Yuki", "Haruto", "Sakura", "Kenji", "Aiko", "Takeshi", "Emi", "Ryo", "Naomi",
            "Hiroshi", "Kaori", "Shota"],
           ["Tanaka", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi",
            "Saito", "Matsumoto", "Inoue", "Ishikawa", "Fujita"]),
    "in": (["Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Deepika", "Sanjay", "Meera",
            "Rahul", "Lakshmi", "Aditya"],
           ["Raghunathan", "Sharma", "Iyer", "Patel", "Chatterjee", "Reddy", "Nair", "Banerjee",
            "Kapoor", "Venkataraman", "Menon", "Desai"]),
    "nl": (["Daan", "Sanne", "Pieter", "Femke", "Joost", "Lotte", "Maarten", "Eva", "Sjoerd",
            "Anouk", "Bram", "Ilse"],
           ["de Vries", "van den Berg", "Jansen", "van Dijk", "Bakker", "Visser", "Smit",
            "de Jong", "van der Meer", "Mulder", "Hendriks", "van Leeuwen"]),
    "zh": (["Wei", "Li", "Xiaoming", "Mei", "Jun", "Yan", "Hao", "Ling", "Jianguo", "Xiu"],
           ["Zhang", "Wang", "Liu", "Chen", "Yang", "Huang", "Zhou", "Wu", "Xu", "Lin"]),
    "nordic": (["Søren", "Åsa", "Bjørn", "Ingrid", "Mikkel", "Sigrún"],
               ["Kristiansen", "Lindqvist", "Ødegaard", "Bergström", "Håkansson", "Sørensen"]),
    "africa": (["Chinedu", "Amara", "Kwame", "Ngozi", "Thabo", "Zanele", "Kofi", "Adaeze"],
               ["Okafor", "Mensah", "Adeyemi", "Nkosi", "Abubakar", "Osei", "Eze", "Dlamini"]),
    "mena": (["Omar", "Layla", "Yusuf", "Aylin", "Karim", "Zeynep", "Nadia", "Tarek"],
             ["Haddad", "Al-Mansouri", "Yılmaz", "Khalil", "Demir", "El-Amin", "Çelik", "Saleh"]),
}

COUNTRY_CULTURES = {
    "US": ["en", "en", "es", "in", "zh", "africa", "mena"],
    "GB": ["en", "en", "in", "africa", "mena", "nordic"],
    "DE": ["de", "de", "de", "mena", "nordic"],
    "FR": ["fr", "fr", "fr", "africa", "mena"],
    "AU": ["en", "en", "zh", "in"],
    "JP": ["ja"],
    "BR": ["pt", "pt", "es"],
    "IN": ["in"],
    "CA": ["en", "fr", "zh", "in"],
    "NL": ["nl", "nl", "mena"],
    "ES": ["es"],
    "CN": ["zh"],
}
COUNTRY_WEIGHTS = {"US": 16, "GB": 10, "DE": 10, "FR": 8, "AU": 6, "JP": 6, "BR": 6, "IN": 6,
                   "CA": 6, "NL": 6, "ES": 6, "CN": 3}

TITLES = [
    "Chief Executive Officer", "CEO & Founder", "Managing Director", "Senior Software Engineer",
    "Product Manager", "Head of Marketing", "Account Executive", "Sales Director",
    "Chief Financial Officer", "Senior Consultant", "Project Manager", "Data Scientist",
    "Lead UX Designer", "Operations Manager", "Business Development Manager", "Partner",
    "Attorney at Law", "Principal Architect", "Regional Sales Manager EMEA", "Customer Success Lead",
    "HR Business Partner", "Research Scientist", "Financial Advisor", "Procurement Specialist",
    "Office Manager", "Art Director", "Chief Technology Officer", "Supply Chain Analyst",
]
LONG_TITLES = [
    ("Senior Vice President", "Global Operations"),
    ("Director of Strategic", "Partnerships and Alliances"),
    ("Head of Research &", "Development, Europe"),
    ("Associate Director,", "Clinical Data Management"),
    ("Executive Assistant to the", "Chief Operating Officer"),
]
LOCAL_TITLES = {
    "DE": ["Geschäftsführer", "Vertriebsleiterin", "Leiter Einkauf", "Projektingenieurin",
           "Steuerberater"],
    "FR": ["Directeur commercial", "Ingénieure d'études", "Chargée de clientèle",
           "Responsable des achats"],
    "ES": ["Director de Ventas", "Jefa de Proyecto", "Gerente Comercial"],
    "BR": ["Diretora de Marketing", "Gerente de Projetos", "Engenheiro de Software"],
    "NL": ["Accountmanager", "Directeur", "Projectleider"],
}
DEPARTMENTS = [
    "Sales & Marketing", "Research and Development", "Department of Cardiology",
    "Global Procurement", "Finance", "Human Resources", "IT Infrastructure", "Customer Support",
    "Corporate Communications", "Legal Affairs", "Product Engineering", "Investor Relations",
]
LOCAL_DEPARTMENTS = {"DE": ["Abteilung Vertrieb", "Forschung & Entwicklung"],
                     "FR": ["Service Clientèle", "Direction Financière"],
                     "ES": ["Departamento Comercial"], "BR": ["Departamento Jurídico"]}
PREFIXES = ["Dr.", "Prof.", "Prof. Dr.", "Dr.", "Dr. med."]
SUFFIXES = [", PhD", ", MBA", " MBA", ", CPA", ", P.Eng.", " Jr.", ", MD"]

STEM_A = ["Northwind", "Bluestone", "Silverline", "Redwood", "Brightpath", "Ironbridge",
          "Clearwater", "Summit", "Evergreen", "Lighthouse", "Copperfield", "Harbor", "Granite",
          "Meridian", "Aurora", "Falcon", "Orchard", "Cobalt", "Juniper", "Pinnacle", "Keystone",
          "Willow", "Vantage", "Beacon", "Atlas", "Nimbus", "Quantum", "Sterling", "Crescent",
          "Tidewater", "Foxglove", "Larkspur"]
STEM_B = ["Analytics", "Logistics", "Systems", "Consulting", "Labs", "Partners", "Engineering",
          "Design", "Capital", "Robotics", "Health", "Energy", "Foods", "Media", "Software",
          "Architects", "Dynamics", "Solutions", "Biotech", "Networks", "Instruments", "Studio"]
LOCAL_STEMS = {
    "DE": (["Rheinwerk", "Elbtal", "Schwarzwald", "Alpenblick", "Nordlicht", "Isartal"],
           ["Maschinenbau", "Technik", "Beratung", "Logistik", "Software", "Handel"]),
    "FR": (["Lumière", "Bellevue", "Rivière", "Montclair", "Beaulieu", "Étoile"],
           ["Conseil", "Ingénierie", "Solutions", "Énergie", "Design", "Finance"]),
    "ES": (["Solana", "Mirador", "Alameda", "Levante", "Marisma"],
           ["Consultores", "Ingeniería", "Logística", "Energía", "Diseño"]),
    "BR": (["Ipê", "Horizonte", "Jacarandá", "Atlântico", "Cerrado"],
           ["Tecnologia", "Engenharia", "Logística", "Consultoria", "Alimentos"]),
    "JP": (["Sakura", "Fujimi", "Aozora", "Kawasemi", "Hinode"],
           ["Trading", "Electronics", "Precision", "Systems", "Pharma"]),
    "NL": (["Delta", "Polder", "Zeewind", "Tulpen", "Grachten"],
           ["Advies", "Logistiek", "Techniek", "Solutions", "Design"]),
    "IN": (["Ganga", "Lotus", "Sahyadri", "Kaveri", "Indus"],
           ["Infotech", "Exports", "Pharma", "Solutions", "Textiles"]),
    "CN": (["Huaxin", "Jinlong", "Hengtong", "Boyuan", "Ruifeng"],
           ["Technology", "Trading", "Electronics", "Logistics", "Medical"]),
}
LEGAL = {
    "US": ["Inc.", "LLC", "Corp.", "Inc.", "LLP"],
    "GB": ["Ltd", "Ltd.", "PLC", "LLP", "Limited"],
    "DE": ["GmbH", "AG", "GmbH & Co. KG", "GmbH", "SE"],
    "FR": ["SAS", "S.A.", "SARL", "SAS"],
    "AU": ["Pty Ltd", "Pty. Ltd.", "Ltd"],
    "JP": ["K.K.", "Co., Ltd.", "Inc."],
    "BR": ["Ltda.", "S.A.", "Ltda"],
    "IN": ["Pvt. Ltd.", "Private Limited", "Ltd."],
    "CA": ["Inc.", "Ltd.", "Corp."],
    "NL": ["B.V.", "N.V.", "B.V."],
    "ES": ["S.L.", "S.A.", "S.L.U."],
    "CN": ["Co., Ltd.", "Co., Ltd"],
}
TLDS = {"US": [".com", ".com", ".io", ".co"], "GB": [".co.uk", ".com", ".uk"],
        "DE": [".de", ".de", ".com"], "FR": [".fr", ".fr", ".com"], "AU": [".com.au", ".com.au", ".io"],
        "JP": [".co.jp", ".jp", ".com"], "BR": [".com.br", ".com.br"], "IN": [".in", ".co.in", ".com"],
        "CA": [".ca", ".com"], "NL": [".nl", ".nl", ".com"], "ES": [".es", ".es", ".com"],
        "CN": [".cn", ".com.cn", ".com"]}
COUNTRY_NAME = {"US": ["USA", "United States"], "GB": ["United Kingdom", "UK"],
                "DE": ["Germany", "Deutschland"], "FR": ["France"], "AU": ["Australia"],
                "JP": ["Japan"], "BR": ["Brasil", "Brazil"], "IN": ["India"], "CA": ["Canada"],
                "NL": ["The Netherlands", "Nederland"], "ES": ["España", "Spain"], "CN": ["China", "P.R. China"]}
TAGLINES = ["Engineering better logistics", "Since 1987", "Clarity in every number",
            "Design that works", "Your partner in growth", "Precision. Reliability. Care.",
            "Building what matters"]

# Cities: (city line parts..., fixed-line templates). X = random digit in the national
# significant number. US/CA/GB/DE/FR/AU fixed lines use ranges reserved for drama and fiction.
CITIES = {
    "US": [("San Francisco", "CA", "941", ["41555501XX"]), ("New York", "NY", "100", ["21255501XX"]),
           ("Chicago", "IL", "606", ["31255501XX"]), ("Boston", "MA", "021", ["61755501XX"]),
           ("Seattle", "WA", "981", ["20655501XX"]), ("Austin", "TX", "787", ["51255501XX"]),
           ("Denver", "CO", "802", ["30355501XX"])],
    "CA": [("Toronto", "ON", "M5V", ["41655501XX"]), ("Vancouver", "BC", "V6B", ["60455501XX"]),
           ("Montréal", "QC", "H3B", ["51455501XX"]), ("Calgary", "AB", "T2P", ["40355501XX"])],
    "GB": [("London", "EC1A", ["2079460XXX"]), ("Manchester", "M1", ["1614960XXX"]),
           ("Leeds", "LS1", ["1134960XXX"]), ("Edinburgh", "EH1", ["1314960XXX"]),
           ("Bristol", "BS1", ["1174960XXX"])],
    "DE": [("Berlin", "101", ["3023125XXX"]), ("Frankfurt am Main", "603", ["6990009XXX"]),
           ("Hamburg", "200", ["4066969XXX"]), ("Köln", "506", ["2214710XXX"]),
           ("München", "803", ["89XXXXXXX", "89XXXXXXXX"])],
    "FR": [("Paris", "750", ["19900XXXX"]), ("Lyon", "690", ["46571XXXX"]),
           ("Bordeaux", "330", ["53649XXXX"]), ("Lille", "590", ["35301XXXX"]),
           ("Nantes", "440", ["26191XXXX"])],
    "AU": [("Sydney", "NSW", "2000", ["25550XXXX"]), ("Melbourne", "VIC", "3000", ["37010XXXX"]),
           ("Brisbane", "QLD", "4000", ["75010XXXX"]), ("Adelaide", "SA", "5000", ["87010XXXX"])],
    "JP": [("Tokyo", "Chiyoda-ku", "100-0005", ["3XXXXXXXX"]), ("Osaka", "Kita-ku", "530-0001", ["6XXXXXXXX"]),
           ("Yokohama", "Nishi-ku", "220-0012", ["45XXXXXXX"]), ("Kyoto", "Shimogyo-ku", "600-8216", ["75XXXXXXX"])],
    "BR": [("São Paulo", "SP", "01310", "11"), ("Rio de Janeiro", "RJ", "20040", "21"),
           ("Belo Horizonte", "MG", "30130", "31"), ("Curitiba", "PR", "80020", "41")],
    "IN": [("Bengaluru", "Karnataka", "5600", ["8041XXXXXX"]), ("Mumbai", "Maharashtra", "4000", ["2266XXXXXX"]),
           ("New Delhi", "Delhi", "1100", ["1141XXXXXX"]), ("Chennai", "Tamil Nadu", "6000", ["4428XXXXXX"]),
           ("Hyderabad", "Telangana", "5000", ["4066XXXXXX"])],
    "NL": [("Amsterdam", "101", ["205XXXXXX", "206XXXXXX"]), ("Rotterdam", "301", ["104XXXXXX"]),
           ("Utrecht", "351", ["302XXXXXX"]), ("Den Haag", "251", ["703XXXXXX"]),
           ("Eindhoven", "561", ["402XXXXXX"])],
    "ES": [("Madrid", "280", ["91XXXXXXX"]), ("Barcelona", "080", ["93XXXXXXX"]),
           ("Valencia", "460", ["96XXXXXXX"]), ("Sevilla", "410", ["95XXXXXXX"]),
           ("Bilbao", "480", ["94XXXXXXX"])],
    "CN": [("Shanghai", "Pudong", "200120", ["2158XXXXXX"]), ("Beijing", "Chaoyang", "100020", ["1085XXXXXX"]),
           ("Shenzhen", "Nanshan", "518057", ["75586XXXXXX"]), ("Hangzhou", "Xihu", "310012", ["57188XXXXXX"])],
}
MOBILE = {
    "US": None, "CA": None,  # North America: same numbering as fixed lines
    "GB": ["74XXXXXXXX", "77XXXXXXXX", "79XXXXXXXX"], "DE": ["151XXXXXXXX", "160XXXXXXX", "176XXXXXXXX"],
    "FR": ["6XXXXXXXX", "7XXXXXXXX"], "AU": ["491570XXX", "412XXXXXX", "423XXXXXX"],
    "JP": ["90XXXXXXXX", "80XXXXXXXX"], "IN": ["98XXXXXXXX", "70XXXXXXXX", "91XXXXXXXX"],
    "NL": ["61XXXXXXX", "62XXXXXXX", "65XXXXXXX"], "ES": ["61XXXXXXX", "66XXXXXXX", "69XXXXXXX"],
    "CN": ["138XXXXXXXX", "139XXXXXXXX", "186XXXXXXXX", "150XXXXXXXX"], "BR": None,
}
STREETS = {
    "US": ["Market Street", "Mission Street", "Broadway", "Main Street", "Elm Avenue",
           "Lakeshore Drive", "Congress Avenue", "Pine Street", "Fifth Avenue", "Oak Boulevard"],
    "CA": ["King Street West", "Bay Street", "Granville Street", "Rue Sainte-Catherine", "8th Avenue SW"],
    "GB": ["High Street", "King's Road", "Church Lane", "Victoria Street", "Deansgate",
           "Princes Street", "Park Row", "Station Road"],
    "DE": ["Hauptstraße", "Friedrichstraße", "Schillerstraße", "Bahnhofstraße", "Gartenweg",
           "Lindenallee", "Mainzer Landstraße", "Am Markt"],
    "FR": ["rue de la Paix", "boulevard Haussmann", "rue Sainte-Catherine", "avenue Jean Jaurès",
           "rue du Faubourg Saint-Honoré", "quai des Chartrons", "place Bellecour"],
    "AU": ["George Street", "Collins Street", "Queen Street", "Pitt Street", "Flinders Lane",
           "King William Street"],
    "JP": ["Marunouchi", "Umeda", "Minatomirai", "Karasuma-dori", "Nishi-Shinjuku"],
    "BR": ["Av. Paulista", "Rua das Flores", "Rua XV de Novembro", "Av. Rio Branco", "Rua da Bahia"],
    "IN": ["MG Road", "Nariman Point", "Anna Salai", "Connaught Place", "Hitech City Road"],
    "NL": ["Keizersgracht", "Herengracht", "Coolsingel", "Oudegracht", "Lange Voorhout", "Stratumseind"],
    "ES": ["Calle de Alcalá", "Gran Vía", "Passeig de Gràcia", "Calle Colón", "Avenida de la Constitución"],
    "CN": ["Century Avenue", "Jianguo Road", "Keyuan South Road", "Wensan Road"],
}


def ascii_fold(s):
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        s = s.replace(a, b)
    s = s.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("ı", "i")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def slug(s):
    return "".join(c for c in ascii_fold(s).lower() if c.isalnum())


@dataclass
class Phone:
    label: str          # printed label without separator, "" when unlabeled
    value: str          # as printed
    e164: str
    kind: str


@dataclass
class Card:
    lang: str = "eng"                      # "eng" or "chi_sim+eng"
    country: str = "US"
    name: str | None = None
    title_lines: list = field(default_factory=list)
    name_title_inline: bool = False
    department: str | None = None
    company: str | None = None
    company_en: str | None = None          # bilingual Chinese cards: English company line (not truth)
    title_en: str | None = None            # bilingual Chinese cards: English title line (not truth)
    address_lines: list = field(default_factory=list)
    address_one_line: bool = False
    phones: list = field(default_factory=list)
    emails: list = field(default_factory=list)      # values
    websites: list = field(default_factory=list)    # values
    email_label: str = ""
    web_label: str = ""
    address_label: str = ""
    sep: str = ": "
    tagline: str | None = None
    initials: str = ""
    pair_phones: bool = False
    han_face: str = ""                     # "", or a key of HAN_FACES (Taiwanese cards)
    name_spacing: int = 0                  # spaces drawn between a Han name's characters

    def shown_name(self):
        """The name as drawn: a Han name letter-spaced ("廖 心 渝") when `name_spacing` is set;
        the truth keeps it as written."""
        return (" " * self.name_spacing).join(self.name) if self.name_spacing else self.name

    def truth(self, bbox):
        title = " ".join(self.title_lines) if self.title_lines else None
        return {
            "name": self.name,
            "title": title,
            "department": self.department,
            "company": self.company,
            "address": ", ".join(self.address_lines) if self.address_lines else None,
            "phones": [{"value": p.value, "e164": p.e164, "kind": truth_kind(p)} for p in self.phones],
            "emails": list(self.emails),
            "websites": list(self.websites),
            "bbox": list(bbox),
        }


def truth_kind(phone):
    """The kind a reviewer gives a phone: its label's or icon's; an unlabelled number (drawn as
    kind `other`) by its number type, as the real cards' labels do: a mobile range `mobile`, a
    fixed line (or a US/CA number, either) `work`. What is drawn keeps `other`."""
    if phone.kind != "other":
        return phone.kind
    t = phonenumbers.number_type(phonenumbers.parse(phone.e164))
    if t == PNT.MOBILE:
        return "mobile"
    if t in (PNT.FIXED_LINE, PNT.FIXED_LINE_OR_MOBILE, PNT.TOLL_FREE, PNT.VOIP, PNT.UAN, PNT.SHARED_COST):
        return "work"
    return "other"


def fill_template(rng, template):
    return "".join(str(rng.randrange(10)) if c == "X" else c for c in template)


def make_number(rng, region, templates, want_mobile):
    """A valid number for the region from one of the templates (X = random digit)."""
    for _ in range(400):
        nsn = fill_template(rng, rng.choice(templates))
        try:
            num = phonenumbers.parse(nsn if region not in ("US", "CA") else nsn, region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(num) or phonenumbers.region_code_for_number(num) != region:
            continue
        t = phonenumbers.number_type(num)
        if want_mobile and t not in (PNT.MOBILE, PNT.FIXED_LINE_OR_MOBILE):
            continue
        if not want_mobile and t not in (PNT.FIXED_LINE, PNT.FIXED_LINE_OR_MOBILE):
            continue
        return num
    raise RuntimeError(f"no valid number for {region} from {templates}")


def format_number(rng, num, region, style_pool):
    """Formats a number in one of the region's common styles and checks it parses back."""
    nat = phonenumbers.format_number(num, PNF.NATIONAL)
    intl = phonenumbers.format_number(num, PNF.INTERNATIONAL)
    cc = str(num.country_code)
    style = rng.choice(style_pool)
    if style == "national":
        v = nat
    elif style == "intl":
        v = intl
    elif style == "intl_spaces":
        v = intl.replace("-", " ")
    elif style == "national_dots":
        v = nat.replace("(", "").replace(") ", ".").replace(" ", ".").replace("-", ".")
    elif style == "intl_dots":
        v = intl.replace(" ", ".").replace("-", ".")
    elif style == "national_dashes":
        v = nat.replace("(", "").replace(") ", "-").replace(" ", "-")
    elif style == "intl_dashes":
        v = intl.replace(" ", "-")
    elif style == "intl_trunk":  # +44 (0)20 7946 0123
        v = intl.replace(f"+{cc} ", f"+{cc} (0)", 1)
    elif style == "national_compact":
        v = nat.replace(" ", "").replace("-", "")
    elif style == "cn_area_dash":  # 0755-8612 3456 / 0755-86123456
        a, _, rest = nat.partition(" ")
        v = a + "-" + (rest if rng.random() < 0.5 else rest.replace(" ", ""))
    elif style == "tw_paren":  # (02)2345-6789, Taiwan's usual print of a fixed line
        a, _, rest = nat.partition(" ")
        v = f"({a}){rest.replace(' ', '-')}"
    elif style == "cn_area_paren":
        a, _, rest = nat.partition(" ")
        v = f"({a}) {rest}"
    else:
        raise ValueError(style)
    back = phonenumbers.parse(v, region)
    e164 = phonenumbers.format_number(num, PNF.E164)
    if phonenumbers.format_number(back, PNF.E164) != e164 or not phonenumbers.is_valid_number(back):
        v = intl  # a style that does not survive a round trip is never printed
    return v, e164


STYLES = {
    "US": ["national", "national", "national_dots", "national_dashes", "intl", "intl_spaces", "intl_dots"],
    "CA": ["national", "national_dashes", "national_dots", "intl", "intl_spaces"],
    "GB": ["national", "national", "intl", "intl_trunk"],
    "DE": ["national", "intl", "intl_trunk", "intl"],
    "FR": ["national", "national", "national_dots", "intl"],
    "AU": ["national", "intl", "intl"],
    "JP": ["national", "national", "intl"],
    "BR": ["national", "national", "intl"],
    "IN": ["intl", "intl", "national"],
    "NL": ["national", "intl", "intl_trunk"],
    "ES": ["national", "intl", "intl"],
    "CN": ["intl", "national", "cn_area_dash"],
}

WORK_LABELS = ["Tel", "T", "Phone", "Office", "Direct", "Tel", "T"]
MOBILE_LABELS = ["M", "Mobile", "Cell", "M", "Mob"]
FAX_LABELS = ["Fax", "F"]


def make_address(rng, country, city):
    n = rng.randrange(1, 240)
    st = rng.choice(STREETS[country])
    lines = []
    cname = rng.choice(COUNTRY_NAME[country])
    if country == "US":
        name, state, zip3, _ = city
        street = f"{rng.randrange(10, 2999)} {st}"
        suite = f"Suite {rng.randrange(1, 40) * 100}" if rng.random() < 0.4 else None
        lines.append(street)
        if suite:
            if rng.random() < 0.5:
                lines[-1] += ", " + suite
            else:
                lines.append(suite)
        lines.append(f"{name}, {state} {zip3}{rng.randrange(10, 99)}")
    elif country == "CA":
        name, prov, fsa, _ = city
        lines.append(f"{rng.randrange(10, 900)} {st}")
        lines.append(f"{name}, {prov} {fsa} {rng.randrange(1, 9)}{rng.choice('ABCEGHJKLMNPRSTVXY')}{rng.randrange(1, 9)}")
    elif country == "GB":
        name, pc, _ = city
        lines.append(f"{n} {st}")
        lines.append(f"{name} {pc} {rng.randrange(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}")
    elif country == "DE":
        name, plz, _ = city
        lines.append(f"{st} {n}")
        lines.append(f"{plz}{rng.randrange(10, 99)} {name}")
    elif country == "FR":
        name, cp, _ = city
        lines.append(f"{n} {st}")
        lines.append(f"{cp}{rng.randrange(1, 20):02d} {name}")
    elif country == "AU":
        name, state, pc, _ = city
        lvl = f"Level {rng.randrange(2, 30)}, " if rng.random() < 0.4 else ""
        lines.append(f"{lvl}{rng.randrange(1, 400)} {st}")
        lines.append(f"{name} {state} {pc}")
    elif country == "JP":
        name, ward, pc, _ = city
        lines.append(f"{rng.randrange(1, 9)}-{rng.randrange(1, 20)}-{rng.randrange(1, 30)} {st}, {ward}")
        lines.append(f"{name} {pc}")
    elif country == "BR":
        name, uf, cep, _ = city
        lines.append(f"{st}, {rng.randrange(10, 2500)}" + (" - Centro" if rng.random() < 0.3 else ""))
        lines.append(f"{name} - {uf}, {cep}-{rng.randrange(0, 999):03d}")
    elif country == "IN":
        name, state, pin, _ = city
        lines.append(f"{rng.randrange(1, 120)}, {st}")
        lines.append(f"{name} {pin}{rng.randrange(1, 99):02d}, {state}")
    elif country == "NL":
        name, pc, _ = city
        lines.append(f"{st} {n}")
        lines.append(f"{pc}{rng.randrange(0, 9)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')} {name}")
    elif country == "ES":
        name, cp, _ = city
        lines.append(f"{st}, {n}")
        lines.append(f"{cp}{rng.randrange(1, 50):02d} {name}")
    elif country == "CN":
        name, district, pc, _ = city
        lines.append(f"Room {rng.randrange(2, 30)}{rng.randrange(1, 20):02d}, {n} {st}")
        lines.append(f"{district}, {name} {pc}")
    if (rng.random() < 0.35 or country == "CN") and len(lines) < 3:
        lines.append(cname)
    return lines


def make_person(rng, country):
    culture = rng.choice(COUNTRY_CULTURES[country])
    firsts, lasts = CULTURES[culture]
    first, last = rng.choice(firsts), rng.choice(lasts)
    if culture in ("ja", "zh") and rng.random() < 0.4:
        shown = f"{last.upper()} {first}"
    else:
        shown = f"{first} {last}"
        if rng.random() < 0.12:
            shown = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
    if rng.random() < 0.12:
        shown = rng.choice(PREFIXES) + " " + shown
    elif rng.random() < 0.12:
        shown = shown + rng.choice(SUFFIXES)
    if rng.random() < 0.1:
        shown = shown.upper()
    return shown, first, last


def make_email_local(rng, first, last):
    f, l = slug(first.split("-")[0].split(" ")[0]), slug(last)
    return rng.choice([f"{f}.{l}", f"{f[0]}{l}", f"{f[0]}.{l}", f, f"{f}{l[0]}", f"{f}_{l}", l])


def make_latin_card(rng, country=None, company_only=None):
    c = Card()
    c.country = country or rng.choices(list(COUNTRY_WEIGHTS), weights=list(COUNTRY_WEIGHTS.values()))[0]
    cc = c.country
    if company_only is None:
        company_only = rng.random() < 0.1
    stems_a, stems_b = LOCAL_STEMS.get(cc, (STEM_A, STEM_B))
    if rng.random() < 0.5:
        stems_a, stems_b = STEM_A, STEM_B
    a, b = rng.choice(stems_a), rng.choice(stems_b)
    legal = rng.choice(LEGAL[cc])
    stem = f"{a} {b}" if rng.random() < 0.8 else a
    c.company = f"{stem}, {legal}" if legal in ("Inc.", "LLC", "Ltd.") and rng.random() < 0.3 else f"{stem} {legal}"
    if cc == "US" and rng.random() < 0.1:
        c.company = c.company.upper()
    if " " in stem:
        domain = rng.choice([slug(a), slug(a) + slug(b), slug(a) + "-" + slug(b)]) + rng.choice(TLDS[cc])
    else:
        domain = slug(a) + rng.choice(TLDS[cc])
    c.initials = (a[0] + b[0]).upper() if " " in stem else a[:2].upper()
    city = rng.choice(CITIES[cc])
    if not company_only:
        shown, first, last = make_person(rng, cc)
        c.name = shown
        r = rng.random()
        if r < 0.12:
            c.title_lines = list(rng.choice(LONG_TITLES))
        elif r < 0.25 and cc in LOCAL_TITLES:
            c.title_lines = [rng.choice(LOCAL_TITLES[cc])]
        elif r < 0.95:
            c.title_lines = [rng.choice(TITLES)]
        if c.title_lines and len(c.title_lines) == 1 and rng.random() < 0.12 and len(shown) + len(c.title_lines[0]) < 38:
            c.name_title_inline = True
        if rng.random() < 0.25:
            c.department = rng.choice(DEPARTMENTS + LOCAL_DEPARTMENTS.get(cc, []))
        emails = [f"{make_email_local(rng, first, last)}@{domain}"]
    else:
        emails = [f"{rng.choice(['info', 'contact', 'hello', 'sales', 'office'])}@{domain}"]
    # phones
    fixed_t = city[-1] if isinstance(city[-1], list) else None
    if cc == "BR":
        fixed_t = [city[3] + "3XXXXXXX", city[3] + "2XXXXXXX"]
        mobile_t = [city[3] + "99XXXXXXX", city[3] + "98XXXXXXX"]
    else:
        mobile_t = MOBILE[cc] or fixed_t
    n_phones = rng.choices([1, 2, 3], weights=[4, 5, 2])[0]
    unlabeled = rng.random() < 0.12
    plan = []
    if unlabeled:
        plan = [("other", rng.random() < 0.4)]
    else:
        kinds = ["work", "mobile", "fax"] if not company_only else ["work", "fax", "work"]
        if rng.random() < 0.3 and not company_only:
            kinds = ["mobile", "work", "fax"]
        plan = [(k, k == "mobile") for k in kinds[:n_phones]]
    styles = STYLES[cc]
    style_pool = [rng.choice(styles)]  # one style per card, as printed cards do
    if rng.random() < 0.2:
        style_pool.append(rng.choice(styles))
    labels = {"work": rng.choice(WORK_LABELS), "mobile": rng.choice(MOBILE_LABELS),
              "fax": rng.choice(FAX_LABELS), "other": ""}
    seen = set()
    for kind, mob in plan:
        for _ in range(20):
            num = make_number(rng, cc, mobile_t if mob else fixed_t, mob and cc not in ("US", "CA"))
            v, e164 = format_number(rng, num, cc, style_pool)
            if e164 not in seen:
                break
        seen.add(e164)
        c.phones.append(Phone(labels[kind], v, e164, kind))
    c.sep = rng.choice([": ", ": ", ". ", " ", " | "])
    if any(p.label in ("Phone", "Office", "Direct", "Mobile", "Cell") for p in c.phones) and c.sep == ". ":
        c.sep = ": "
    c.pair_phones = len(c.phones) >= 2 and rng.random() < 0.2
    # email / web
    c.emails = emails
    if not company_only and rng.random() < 0.06:
        c.emails.append(f"{rng.choice(['info', 'office', 'support'])}@{domain}")
    c.email_label = rng.choice(["", "", "E", "Email", "E-mail", "Mail"])
    if rng.random() < 0.85 or company_only:
        c.websites = [rng.choice([f"www.{domain}", f"www.{domain}", domain, f"https://www.{domain}",
                                  f"https://{domain}"])]
        c.web_label = rng.choice(["", "", "", "W", "Web", "Website"])
    if c.email_label == "" and c.web_label in ("W", "Web", "Website"):
        c.email_label = "E" if c.web_label == "W" else "Email"
    if rng.random() < 0.88 or company_only:
        c.address_lines = make_address(rng, cc, city)
        c.address_one_line = rng.random() < 0.2 and len(c.address_lines) <= 3
    if company_only or rng.random() < 0.1:
        c.tagline = rng.choice(TAGLINES)
    return c


# Chinese cards --------------------------------------------------------------------------------

CN_SURNAMES = [("张", "zhang"), ("王", "wang"), ("李", "li"), ("刘", "liu"), ("陈", "chen"),
               ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("周", "zhou"), ("吴", "wu"),
               ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
               ("郭", "guo"), ("何", "he"), ("林", "lin"), ("罗", "luo"), ("高", "gao"),
               ("欧阳", "ouyang")]
CN_GIVEN = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
            ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"),
            ("艳", "yan"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"),
            ("秀英", "xiuying"), ("晓明", "xiaoming"), ("建华", "jianhua"), ("志强", "zhiqiang"),
            ("海燕", "haiyan"), ("子涵", "zihan"), ("欣怡", "xinyi"), ("浩然", "haoran"),
            ("雨桐", "yutong"), ("俊杰", "junjie"), ("丽娟", "lijuan")]
CN_TITLES = [("总经理", "General Manager"), ("副总经理", "Deputy General Manager"),
             ("销售经理", "Sales Manager"), ("市场总监", "Marketing Director"),
             ("技术总监", "Technical Director"), ("首席执行官", "Chief Executive Officer"),
             ("项目经理", "Project Manager"), ("高级工程师", "Senior Engineer"),
             ("财务经理", "Finance Manager"), ("人力资源主管", "HR Supervisor"),
             ("产品经理", "Product Manager"), ("董事长", "Chairman"), ("客户经理", "Account Manager"),
             ("研发工程师", "R&D Engineer")]
CN_DEPTS = ["市场部", "销售部", "技术部", "研发中心", "财务部", "人力资源部", "国际业务部", "客户服务部"]
CN_BRANDS = [("华信", "huaxin", "Huaxin"), ("金龙", "jinlong", "Jinlong"), ("恒通", "hengtong", "Hengtong"),
             ("博远", "boyuan", "Boyuan"), ("新创", "xinchuang", "Xinchuang"), ("瑞丰", "ruifeng", "Ruifeng"),
             ("天成", "tiancheng", "Tiancheng"), ("中科达", "zhongkeda", "Zhongkeda"),
             ("长青", "changqing", "Changqing"), ("海川", "haichuan", "Haichuan")]
CN_INDUSTRY = [("科技", "Technology"), ("信息技术", "Information Technology"), ("电子", "Electronics"),
               ("贸易", "Trading"), ("物流", "Logistics"), ("医疗器械", "Medical Devices"),
               ("网络科技", "Network Technology")]
# (company prefix, English city, area code, fixed templates, address fragments)
CN_CITIES = [
    ("北京", "Beijing", ["1085XXXXXX", "1065XXXXXX"], ["北京市朝阳区建国路{n}号", "北京市海淀区中关村大街{n}号",
                                                      "北京市东城区东长安街{n}号{f}层"]),
    ("上海", "Shanghai", ["2158XXXXXX", "2162XXXXXX"], ["上海市浦东新区世纪大道{n}号{f}楼",
                                                       "上海市徐汇区漕溪北路{n}号", "上海市静安区南京西路{n}号"]),
    ("深圳市", "Shenzhen", ["75586XXXXXX", "75583XXXXXX"], ["广东省深圳市南山区科技园南路{n}号",
                                                           "深圳市福田区深南大道{n}号{f}楼"]),
    ("广州", "Guangzhou", ["2038XXXXXX", "2087XXXXXX"], ["广州市天河区天河路{n}号", "广东省广州市越秀区环市东路{n}号"]),
    ("杭州", "Hangzhou", ["57188XXXXXX", "57187XXXXXX"], ["浙江省杭州市西湖区文三路{n}号", "杭州市滨江区江南大道{n}号"]),
    ("成都", "Chengdu", ["2885XXXXXX", "2886XXXXXX"], ["四川省成都市高新区天府大道{n}号", "成都市锦江区红星路{n}号"]),
    ("南京", "Nanjing", ["2584XXXXXX", "2583XXXXXX"], ["江苏省南京市鼓楼区中山北路{n}号"]),
    ("苏州", "Suzhou", ["51262XXXXXX", "51265XXXXXX"], ["江苏省苏州市工业园区星湖街{n}号"]),
]
CN_STYLES_FIXED = ["cn_area_dash", "cn_area_dash", "intl", "cn_area_paren", "intl_dashes"]
CN_STYLES_MOBILE = ["national", "national_compact", "intl", "national_dashes"]


def set_han_title(rng, c, titles, departments, bilingual, department_share):
    """A Chinese card's title from `titles` ((title, English title) pairs), its English form on
    most bilingual cards, and a unit from `departments` on `department_share` of the cards."""
    t, t_en = rng.choice(titles)
    c.title_lines = [t]
    if bilingual and rng.random() < 0.6:
        c.title_en = t_en
    if rng.random() < department_share:
        c.department = rng.choice(departments)


def make_chinese_card(rng):
    c = Card(lang="chi_sim+eng", country="CN")
    bilingual = rng.random() < 0.35
    prefix, city_en, fixed_t, addrs = rng.choice(CN_CITIES)
    brand, brand_py, brand_en = rng.choice(CN_BRANDS)
    ind, ind_en = rng.choice(CN_INDUSTRY)
    form = rng.choice(["有限公司", "有限公司", "股份有限公司"])
    c.company = f"{prefix}{brand}{ind}{form}"
    c.initials = brand[0]
    if bilingual:
        c.company_en = f"{city_en} {brand_en} {ind_en} Co., Ltd."
    company_only = rng.random() < 0.08
    if not company_only:
        (sur, sur_py), (giv, giv_py) = rng.choice(CN_SURNAMES), rng.choice(CN_GIVEN)
        if len(sur) + len(giv) > 3:
            giv, giv_py = rng.choice([g for g in CN_GIVEN if len(g[0]) == 1])
        c.name = sur + giv
        set_han_title(rng, c, CN_TITLES, CN_DEPTS, bilingual, 0.35)
        local = rng.choice([f"{sur_py}.{giv_py}", f"{sur_py}{giv_py}", f"{giv_py}.{sur_py}",
                            f"{sur_py[0]}{giv_py}"])
    else:
        local = rng.choice(["info", "sales", "service", "contact"])
    domain = rng.choice([brand_py, brand_py + "-" + slug(ind_en.split()[0]), brand_py + "tech"]) + \
        rng.choice([".com", ".com.cn", ".cn"])
    c.emails = [f"{local}@{domain}"]
    if rng.random() < 0.8:
        c.websites = [rng.choice([f"www.{domain}", f"http://www.{domain}", domain])]
    if rng.random() < 0.9:
        a = rng.choice(addrs).format(n=rng.randrange(1, 999), f=rng.randrange(2, 30))
        if rng.random() < 0.4:
            a += f"{rng.randrange(2, 30)}{rng.randrange(1, 20):02d}室"
        c.address_lines = [a]
    plan = [("work", False), ("mobile", True), ("fax", False)][:rng.choices([1, 2, 3], weights=[3, 5, 2])[0]]
    if company_only:
        plan = [("work", False), ("fax", False)][:rng.randrange(1, 3)]
    elif rng.random() < 0.3:
        plan = [("mobile", True)] + [p for p in plan if p[0] != "mobile"]
    fixed_style = rng.choice(CN_STYLES_FIXED)
    mobile_style = rng.choice(CN_STYLES_MOBILE)
    labels = {"work": "电话", "mobile": "手机", "fax": "传真"}
    en = {"work": "Tel", "mobile": "Mobile", "fax": "Fax"}
    for kind, mob in plan:
        num = make_number(rng, "CN", MOBILE["CN"] if mob else fixed_t, mob)
        v, e164 = format_number(rng, num, "CN", [mobile_style if mob else fixed_style])
        label = labels[kind] + (" " + en[kind] if bilingual else "")
        c.phones.append(Phone(label, v, e164, kind))
    c.sep = "："
    c.email_label = "邮箱" + (" Email" if bilingual else "")
    c.web_label = "网址" + (" Web" if bilingual else "")
    c.address_label = "地址" + (" Add" if bilingual else "")
    return c


# Japanese and Korean cards ---------------------------------------------------------------------
# Written for the generator (not taken from models/lexicons, so eval measures generalisation).

JA_SURNAMES = [("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"), ("渡辺", "watanabe"),
               ("伊藤", "ito"), ("山本", "yamamoto"), ("中村", "nakamura"), ("小林", "kobayashi"),
               ("加藤", "kato"), ("吉田", "yoshida"), ("松本", "matsumoto"), ("井上", "inoue")]
JA_GIVEN = [("健太", "kenta"), ("翔", "sho"), ("大輔", "daisuke"), ("直樹", "naoki"), ("陽子", "yoko"),
            ("美咲", "misaki"), ("恵", "megumi"), ("拓也", "takuya"), ("由美", "yumi"), ("誠", "makoto"),
            ("さくら", "sakura"), ("ひろみ", "hiromi")]
JA_TITLES = ["部長", "課長", "係長", "主任", "代表取締役社長", "取締役", "マネージャー", "シニアエンジニア",
             "営業担当", "支店長", "チームリーダー", "コンサルタント"]
JA_DEPTS = ["営業部", "技術開発部", "総務部", "経営企画室", "海外事業部", "システム部"]
JA_BRANDS = [("光", "hikari", "Hikari"), ("青葉", "aoba", "Aoba"), ("北斗", "hokuto", "Hokuto"),
             ("若葉", "wakaba", "Wakaba"), ("大和", "yamato", "Yamato"), ("朝日", "asahi", "Asahi")]
JA_INDUSTRY = [("産業", "sangyo"), ("商事", "shoji"), ("電機", "denki"), ("工業", "kogyo"),
               ("システムズ", "systems"), ("物流", "butsuryu"), ("技研", "giken")]
# (area code templates, address templates)
JA_CITIES = [
    (["3XXXXXXXX"], ["〒100-0005 東京都千代田区丸の内{n}-{m}-{k}", "〒150-0002 東京都渋谷区渋谷{n}-{m}-{k}"]),
    (["6XXXXXXXX"], ["〒530-0001 大阪府大阪市北区梅田{n}-{m}-{k}"]),
    (["45XXXXXXX"], ["〒220-0012 神奈川県横浜市西区みなとみらい{n}-{m}-{k}"]),
    (["52XXXXXXX"], ["〒450-0002 愛知県名古屋市中村区名駅{n}-{m}-{k}"]),
]


def make_japanese_card(rng):
    c = Card(lang="jpn+eng", country="JP")
    brand, brand_ro, _ = rng.choice(JA_BRANDS)
    ind, ind_ro = rng.choice(JA_INDUSTRY)
    c.company = rng.choice([f"株式会社{brand}{ind}", f"{brand}{ind}株式会社", f"{brand}{ind}有限会社"])
    c.initials = brand[0]
    company_only = rng.random() < 0.08
    if not company_only:
        (sur, sur_ro), (giv, giv_ro) = rng.choice(JA_SURNAMES), rng.choice(JA_GIVEN)
        c.name = sur + (" " if rng.random() < 0.6 else "") + giv
        c.title_lines = [rng.choice(JA_TITLES)]
        if rng.random() < 0.4:
            c.department = rng.choice(JA_DEPTS)
        local = rng.choice([f"{giv_ro[0]}.{sur_ro}", f"{sur_ro}.{giv_ro}", f"{sur_ro}"])
    else:
        local = rng.choice(["info", "sales", "contact"])
    domain = f"{brand_ro}-{ind_ro}" + rng.choice([".co.jp", ".co.jp", ".jp"])
    c.emails = [f"{local}@{domain}"]
    if rng.random() < 0.8:
        c.websites = [rng.choice([f"www.{domain}", f"https://www.{domain}"])]
    fixed_t, addrs = rng.choice(JA_CITIES)
    if rng.random() < 0.9:
        c.address_lines = [rng.choice(addrs).format(n=rng.randrange(1, 9), m=rng.randrange(1, 30),
                                                    k=rng.randrange(1, 20))]
    plan = [("work", False), ("fax", False), ("mobile", True)][:rng.choices([1, 2, 3], weights=[3, 4, 3])[0]]
    labels = {"work": rng.choice(["TEL", "電話"]), "fax": "FAX", "mobile": rng.choice(["携帯", "Mobile"])}
    for kind, mob in plan:
        num = make_number(rng, "JP", MOBILE["JP"] if mob else fixed_t, mob)
        v, e164 = format_number(rng, num, "JP", ["national", "national", "intl"])
        c.phones.append(Phone(labels[kind], v, e164, kind))
    c.sep = rng.choice(["：", " ", ": "])
    c.email_label = rng.choice(["E-mail", "Mail", ""])
    c.web_label = rng.choice(["URL", ""])
    return c


KO_SURNAMES = [("김", "kim"), ("이", "lee"), ("박", "park"), ("최", "choi"), ("정", "jung"), ("강", "kang"),
               ("조", "cho"), ("윤", "yoon"), ("장", "jang"), ("임", "lim")]
KO_GIVEN = [("민준", "minjun"), ("서연", "seoyeon"), ("지훈", "jihoon"), ("수민", "sumin"), ("하은", "haeun"),
            ("도윤", "doyoon"), ("예린", "yerin"), ("현우", "hyunwoo"), ("지영", "jiyoung"), ("성호", "sungho")]
KO_TITLES = ["부장", "과장", "차장", "대리", "대표이사", "이사", "팀장", "선임연구원", "책임연구원", "상무"]
KO_DEPTS = ["영업부", "기술연구소", "마케팅팀", "경영지원팀", "해외사업부"]
KO_BRANDS = [("한빛", "hanbit"), ("대성", "daesung"), ("미래", "mirae"), ("새한", "saehan"), ("동방", "dongbang"),
             ("푸른", "pureun")]
KO_INDUSTRY = [("전자", "elec"), ("산업", "ind"), ("정보통신", "ict"), ("무역", "trade"), ("건설", "const"),
               ("테크", "tech")]
KO_CITIES = [
    (["2XXXXXXXX"], ["서울특별시 강남구 테헤란로 {n}", "서울특별시 중구 세종대로 {n}"]),
    (["31XXXXXXX"], ["경기도 성남시 분당구 판교역로 {n}"]),
    (["51XXXXXXX"], ["부산광역시 해운대구 센텀중앙로 {n}"]),
]


def make_korean_card(rng):
    c = Card(lang="kor+eng", country="KR")
    brand, brand_ro = rng.choice(KO_BRANDS)
    ind, ind_ro = rng.choice(KO_INDUSTRY)
    c.company = rng.choice([f"주식회사 {brand}{ind}", f"{brand}{ind} 주식회사", f"(주){brand}{ind}"])
    c.initials = brand[0]
    company_only = rng.random() < 0.08
    if not company_only:
        (sur, sur_ro), (giv, giv_ro) = rng.choice(KO_SURNAMES), rng.choice(KO_GIVEN)
        c.name = sur + giv
        c.title_lines = [rng.choice(KO_TITLES)]
        if rng.random() < 0.4:
            c.department = rng.choice(KO_DEPTS)
        local = rng.choice([f"{giv_ro}.{sur_ro}", f"{sur_ro}{giv_ro}", f"{giv_ro[0]}{sur_ro}"])
    else:
        local = rng.choice(["info", "sales", "contact"])
    domain = f"{brand_ro}{ind_ro}" + rng.choice([".co.kr", ".co.kr", ".com"])
    c.emails = [f"{local}@{domain}"]
    if rng.random() < 0.8:
        c.websites = [rng.choice([f"www.{domain}", f"http://www.{domain}"])]
    fixed_t, addrs = rng.choice(KO_CITIES)
    if rng.random() < 0.9:
        c.address_lines = [rng.choice(addrs).format(n=rng.randrange(1, 400))]
    plan = [("work", False), ("mobile", True), ("fax", False)][:rng.choices([1, 2, 3], weights=[3, 4, 3])[0]]
    labels = {"work": rng.choice(["전화", "Tel", "T"]), "mobile": rng.choice(["휴대폰", "Mobile", "M"]),
              "fax": rng.choice(["팩스", "Fax", "F"])}
    for kind, mob in plan:
        num = make_number(rng, "KR", ["10XXXXXXXX"] if mob else fixed_t, mob)
        v, e164 = format_number(rng, num, "KR", ["national", "national", "intl"])
        c.phones.append(Phone(labels[kind], v, e164, kind))
    c.sep = rng.choice([" ", ": ", ". "])
    c.email_label = rng.choice(["E-mail", "E", ""])
    c.web_label = ""
    return c


TW_SURNAMES = [("陳", "chen"), ("林", "lin"), ("黃", "huang"), ("張", "chang"), ("李", "lee"), ("王", "wang"),
               ("吳", "wu"), ("劉", "liu"), ("蔡", "tsai"), ("楊", "yang")]
TW_GIVEN = [("志明", "chihming"), ("淑芬", "shufen"), ("家豪", "chiahao"), ("雅婷", "yating"), ("冠宇", "kuanyu"),
            ("怡君", "yichun"), ("建宏", "chienhung"), ("美玲", "meiling")]
TW_TITLES = ["總經理", "副總經理", "業務經理", "專案經理", "董事長", "資深工程師", "行銷協理", "財務長"]
TW_DEPTS = ["業務部", "研發中心", "國際事業處", "行銷部", "資訊部"]
TW_BRANDS = [("鴻遠", "hungyuan"), ("嘉信", "chiahsin"), ("聯興", "lienhsing"), ("寶島", "formosa"), ("長華", "changhua")]
TW_INDUSTRY = [("電子", "elec"), ("資訊", "info"), ("貿易", "trading"), ("國際", "intl"), ("科技", "tech")]
TW_CITIES = [
    (["2XXXXXXXX"], ["台北市信義區信義路五段{n}號{f}樓", "臺北市中山區南京東路二段{n}號"]),
    (["4XXXXXXXX"], ["台中市西屯區臺灣大道三段{n}號{f}樓"]),
    (["7XXXXXXX"], ["高雄市前鎮區成功二路{n}號"]),
]


# Wider Taiwanese cards (world slices from TRADITIONAL_FIRST_INDEX on): more names, titles with
# their English forms, departments, company forms, addresses with a postcode in front, English
# name and company lines, phone prints such as (02)2345-6789 and 0912-345-678, labels in either
# language. Written for the generator (not from models/lexicons). Brands are invented.
TW_SURNAMES_MORE = [("周", "chou"), ("徐", "hsu"), ("孫", "sun"), ("馬", "ma"), ("朱", "chu"), ("胡", "hu"),
                    ("郭", "kuo"), ("何", "ho"), ("高", "kao"), ("羅", "lo"), ("鄭", "cheng"), ("謝", "hsieh"),
                    ("洪", "hung"), ("葉", "yeh"), ("許", "hsu"), ("曾", "tseng"), ("賴", "lai"), ("彭", "peng"),
                    ("廖", "liao"), ("簡", "chien"), ("詹", "chan"), ("蕭", "hsiao")]
TW_GIVEN_MORE = [("俊傑", "chunchieh", "Jack"), ("宗翰", "tsunghan", "Tony"), ("承恩", "chengen", "Ethan"),
                 ("詩涵", "shihhan", "Sophia"), ("佳穎", "chiaying", "Grace"), ("欣怡", "hsinyi", "Cindy"),
                 ("建志", "chienchih", "Jason"), ("國華", "kuohua", "Kevin"), ("秀英", "hsiuying", "Amy"),
                 ("文雄", "wenhsiung", "Vincent"), ("偉誠", "weicheng", "William"), ("惠珍", "huichen", "Helen"),
                 ("志明", "chihming", "Jimmy"), ("雅婷", "yating", "Tina"), ("冠宇", "kuanyu", "Kenny"),
                 ("淑芬", "shufen", "Fanny")]
TW_TITLES_MORE = [("經理", "Manager"), ("副理", "Assistant Manager"), ("協理", "Senior Manager"),
                  ("業務經理", "Sales Manager"), ("業務專員", "Sales Representative"), ("專案經理", "Project Manager"),
                  ("總經理", "General Manager"), ("董事長", "Chairman"), ("執行長", "CEO"), ("特別助理", "Special Assistant"),
                  ("資深工程師", "Senior Engineer"), ("工程師", "Engineer"), ("店長", "Store Manager"),
                  ("課長", "Section Chief"), ("主任", "Director"), ("襄理", "Deputy Manager"), ("行銷專員", "Marketing Specialist"),
                  ("研發主管", "R&D Supervisor"), ("會計", "Accountant"), ("顧問", "Consultant")]
TW_DEPTS_MORE = ["業務部", "研發中心", "國際事業處", "行銷部", "資訊部", "財務部", "管理部", "採購部", "客戶服務部",
                 "技術支援部", "海外業務處", "品保部"]
TW_BRANDS_MORE = [("鴻遠", "hungyuan", "Hungyuan"), ("嘉信", "chiahsin", "Chiahsin"), ("聯興", "lienhsing", "Lienhsing"),
                  ("長華", "changhua", "Changhua"), ("富邑", "fuyi", "Fuyi"), ("晟豐", "chengfeng", "Chengfeng"),
                  ("宏碩", "hungshuo", "Hungshuo"), ("益昇", "yisheng", "Yisheng"), ("群鑫", "chunhsin", "Chunhsin"),
                  ("大統", "tatung", "Tatung"), ("永進", "yungchin", "Yungchin"), ("立德", "lite", "Lite")]
TW_INDUSTRY_MORE = [("電子", "elec", "Electronics"), ("資訊", "info", "Information"), ("貿易", "trading", "Trading"),
                    ("國際", "intl", "International"), ("科技", "tech", "Technology"), ("建設", "build", "Construction"),
                    ("實業", "ind", "Industrial"), ("生技", "bio", "Biotech"), ("物流", "logistics", "Logistics"),
                    ("精密", "precision", "Precision"), ("食品", "foods", "Foods"), ("光電", "opto", "Optoelectronics")]
TW_FORMS = [("股份有限公司", "Co., Ltd."), ("股份有限公司", "Corp."), ("有限公司", "Co., Ltd."), ("企業社", "Enterprise")]
TW_PLACES = [  # (postcodes, fixed-line templates, address templates)
    (["110", "104", "106", "114"], ["2XXXXXXXX"],
     ["台北市信義區信義路五段{n}號{f}樓", "臺北市中山區南京東路二段{n}號{f}樓", "台北市大安區敦化南路一段{n}號{f}樓之{k}",
      "台北市內湖區瑞光路{n}巷{m}號{f}樓"]),
    (["220", "231", "241"], ["2XXXXXXXX"], ["新北市板橋區文化路一段{n}號{f}樓", "新北市新店區北新路三段{n}號"]),
    (["407", "403"], ["4XXXXXXXX"], ["台中市西屯區臺灣大道三段{n}號{f}樓", "臺中市西區英才路{n}號"]),
    (["806", "802"], ["7XXXXXXX"], ["高雄市前鎮區成功二路{n}號", "高雄市苓雅區四維三路{n}號{f}樓"]),
    (["330", "333"], ["3XXXXXXX"], ["桃園市桃園區中正路{n}號{f}樓", "桃園市龜山區文化一路{n}巷{m}弄{k}號"]),
    (["300"], ["3XXXXXXX"], ["新竹市東區光復路二段{n}號", "新竹科學園區力行路{n}號"]),
]


def make_taiwanese_card_wide(rng):
    """A traditional Chinese card (Taiwan) of the world slices: the sample's card widened."""
    c = Card(lang="chi_tra+eng", country="TW")
    bilingual = rng.random() < 0.5
    brand, brand_ro, brand_en = rng.choice(TW_BRANDS_MORE)
    ind, ind_ro, ind_en = rng.choice(TW_INDUSTRY_MORE)
    form, form_en = rng.choice(TW_FORMS)
    c.company = f"{brand}{ind}{form}"
    c.initials = brand[0]
    if bilingual:
        c.company_en = f"{brand_en} {ind_en} {form_en}"
    (sur, sur_ro), (giv, giv_ro, giv_en) = rng.choice(TW_SURNAMES + TW_SURNAMES_MORE), rng.choice(TW_GIVEN_MORE)
    c.name = sur + giv
    set_han_title(rng, c, TW_TITLES_MORE, TW_DEPTS_MORE, bilingual, 0.45)
    domain = f"{brand_ro}{rng.choice(['', '-' + ind_ro, ind_ro])}.com.tw"
    local = rng.choice([f"{giv_en.lower()}", f"{giv_en.lower()}.{sur_ro}", f"{giv_ro}.{sur_ro}", f"{sur_ro}{giv_ro}"])
    c.emails = [f"{local}@{domain}"]
    if rng.random() < 0.7:
        c.websites = [rng.choice([f"www.{domain}", f"http://www.{domain}", f"https://www.{domain}"])]
    postcodes, fixed_t, addrs = rng.choice(TW_PLACES)
    address = rng.choice(addrs).format(n=rng.randrange(1, 400), m=rng.randrange(2, 120), f=rng.randrange(2, 30),
                                       k=rng.randrange(1, 9))
    if rng.random() < 0.5:
        address = rng.choice(postcodes) + (rng.choice(["", "", str(rng.randrange(10, 99))])) + address
    c.address_lines = [address]
    plan = [("work", False), ("mobile", True), ("fax", False)][:rng.choices([1, 2, 3], weights=[2, 4, 4])[0]]
    zh = {"work": "電話", "mobile": "手機", "fax": "傳真"}
    en = {"work": rng.choice(["TEL", "Tel"]), "mobile": rng.choice(["Mobile", "M"]), "fax": rng.choice(["FAX", "Fax"])}
    labels = rng.choice(["zh", "en", "both"])
    fixed_style = rng.choice(["tw_paren", "tw_paren", "national_dashes", "intl_dashes", "national"])
    mobile_style = rng.choice(["national_dashes", "national", "intl_dashes", "national_compact"])
    for kind, mob in plan:
        num = make_number(rng, "TW", ["9XXXXXXXX"] if mob else fixed_t, mob)
        v, e164 = format_number(rng, num, "TW", [mobile_style if mob else fixed_style])
        label = {"zh": zh[kind], "en": en[kind], "both": f"{zh[kind]} {en[kind]}"}[labels]
        c.phones.append(Phone(label, v, e164, kind))
    c.sep = rng.choice(["：", ": ", " "])
    c.email_label = rng.choice(["Email", "E-mail", "信箱", ""])
    c.web_label = rng.choice(["網址", "Web", ""])
    c.address_label = rng.choice(["地址", "", ""])
    return c


def make_taiwanese_card(rng):
    """A traditional Chinese card (Taiwan): `--lang auto` reads it with chi_tra."""
    c = Card(lang="chi_tra+eng", country="TW")
    brand, brand_ro = rng.choice(TW_BRANDS)
    ind, ind_ro = rng.choice(TW_INDUSTRY)
    c.company = f"{brand}{ind}股份有限公司"
    c.initials = brand[0]
    (sur, sur_ro), (giv, giv_ro) = rng.choice(TW_SURNAMES), rng.choice(TW_GIVEN)
    c.name = sur + giv
    c.title_lines = [rng.choice(TW_TITLES)]
    if rng.random() < 0.5:
        c.department = rng.choice(TW_DEPTS)
    domain = f"{brand_ro}-{ind_ro}.com.tw"
    c.emails = [f"{giv_ro}.{sur_ro}@{domain}"]
    c.websites = [f"www.{domain}"]
    fixed_t, addrs = rng.choice(TW_CITIES)
    c.address_lines = [rng.choice(addrs).format(n=rng.randrange(1, 300), f=rng.randrange(2, 30))]
    for kind, mob, label in [("work", False, "電話"), ("fax", False, "傳真"), ("mobile", True, "手機")]:
        num = make_number(rng, "TW", ["9XXXXXXXX"] if mob else fixed_t, mob)
        v, e164 = format_number(rng, num, "TW", ["national", "intl"])
        c.phones.append(Phone(label, v, e164, kind))
    c.sep = "："
    c.email_label = "Email"
    c.web_label = "網址"
    return c


# ---------------------------------------------------------------------------------------------
# Layout and drawing

ACCENTS = [(20, 48, 92), (0, 110, 120), (160, 30, 45), (30, 90, 50), (205, 95, 20),
           (90, 45, 120), (55, 60, 68), (0, 85, 165), (120, 20, 60)]
PAPERS = [(255, 255, 255)] * 6 + [(252, 250, 243), (246, 244, 238), (240, 245, 250),
                                  (244, 248, 242), (250, 244, 240), (238, 238, 238)]
INKS = [(20, 20, 20), (35, 35, 40), (25, 30, 45), (45, 45, 45)]


class Seg:
    def __init__(self, text, fnt, color, stroke=0):
        self.text, self.font, self.color, self.stroke = text, fnt, color, stroke


class Line:
    def __init__(self, segs):
        self.segs = segs

    @property
    def text(self):
        return "".join(s.text for s in self.segs)

    def width(self):
        return sum(s.font.getlength(s.text) for s in self.segs) + sum(2 * s.stroke for s in self.segs)

    def ascent(self):
        return max(s.font.getmetrics()[0] for s in self.segs)

    def descent(self):
        return max(s.font.getmetrics()[1] for s in self.segs)

    def height(self):
        return self.ascent() + self.descent()


def column_size(groups, line_gap, group_gap):
    groups = [g for g in groups if g]
    w = max((ln.width() for g in groups for ln in g), default=0)
    h = 0
    for i, g in enumerate(groups):
        h += sum(ln.height() for ln in g) + line_gap * (len(g) - 1)
        if i:
            h += group_gap
    return w, h


def draw_column(draw, groups, box, align, valign, line_gap, group_gap):
    groups = [g for g in groups if g]
    x0, y0, bw, bh = box
    _, h = column_size(groups, line_gap, group_gap)
    extra = max(0, bh - h)
    if valign == "top":
        y, between = y0, group_gap
    elif valign == "bottom":
        y, between = y0 + extra, group_gap
    elif valign == "center":
        y, between = y0 + extra / 2, group_gap
    else:  # spread
        y = y0
        between = group_gap + (extra / (len(groups) - 1) if len(groups) > 1 else 0)
        if len(groups) == 1:
            y = y0 + extra / 2
    for gi, g in enumerate(groups):
        if gi:
            y += between
        for li, ln in enumerate(g):
            if li:
                y += line_gap
            w = ln.width()
            x = x0 if align == "left" else (x0 + (bw - w) / 2 if align == "center" else x0 + bw - w)
            base = y + ln.ascent()
            for s in ln.segs:
                draw.text((round(x), round(base)), s.text, font=s.font, fill=s.color, anchor="ls",
                          stroke_width=s.stroke, stroke_fill=s.color)
                x += s.font.getlength(s.text) + 2 * s.stroke
            y += ln.height()


@dataclass
class Style:
    family: str
    regular: str
    bold: str
    contact_font: str
    accent: tuple
    paper: tuple
    ink: tuple
    name_color: tuple
    layout: str
    sizes: dict
    decoration: str
    dark: bool = False
    label_bold: bool = False


def pick_style(rng, card, vertical):
    if card.lang.startswith(("jpn", "kor")):
        face = "#0" if card.lang.startswith("jpn") else "#1"
        fam = "Noto Sans CJK"
        regular, bold = NOTO_CJK[0] + face, NOTO_CJK[1] + face
        contact = regular
    elif card.lang != "eng" and card.han_face:
        fam, (reg_file, bold_file) = HAN_FACES[card.han_face]
        regular, bold = reg_file + "#3", bold_file + "#3"
        contact = regular
    elif card.lang != "eng":
        fam = "WenQuanYi Zen Hei"
        regular = bold = contact = CJK
    else:
        fam = rng.choice(list(FAMILIES))
        regular, bold = FAMILIES[fam]
        contact = regular
        if rng.random() < 0.12:
            contact = MONO[0]
    accent = rng.choice(ACCENTS)
    paper = rng.choice(PAPERS)
    ink = rng.choice(INKS)
    dark = rng.random() < 0.05 and card.lang == "eng"
    if dark:
        paper, ink = accent if rng.random() < 0.5 else (28, 30, 34), (245, 245, 245)
    name_color = accent if (rng.random() < 0.3 and not dark) else ink
    if vertical:
        layout = "vertical"
    else:
        layout = rng.choice(["left", "left", "center", "twocol", "twocol", "logo", "band", "band"])
        if dark and layout == "band":
            layout = "left"
    sizes = {"name": rng.randrange(54, 70), "company": rng.randrange(36, 48), "title": rng.randrange(28, 35),
             "small": rng.randrange(24, 30)}
    if card.name is None:
        sizes["company"] = rng.randrange(52, 66)
    deco = rng.choice(["none", "strip", "topline", "corner", "none"])
    return Style(fam, regular, bold, contact, accent, paper, ink, name_color, layout, sizes, deco, dark,
                 rng.random() < 0.3)


def build_blocks(card, st, f, scale, title_split_ok=True):
    """Text blocks of a card at factor f (1.0 = the style's sizes at 300 DPI)."""
    def px(k):
        return max(1, round(st.sizes[k] * f * scale))
    fn = font(st.bold, px("name"))
    fc = font(st.bold, px("company"))
    ft = font(st.regular, px("title"))
    fd = font(st.regular, max(1, round((st.sizes["title"] - 3) * f * scale)))
    fs = font(st.contact_font, px("small"))
    fl = font(st.bold if st.label_bold else st.contact_font, px("small"))
    stroke = 1 if (st.regular == CJK and px("name") > 30) else 0
    light = st.ink
    blocks = {}
    ident = []
    if card.name:
        if card.name_title_inline:
            ident.append(Line([Seg(card.shown_name(), fn, st.name_color, stroke),
                               Seg(" | " + card.title_lines[0], ft, light)]))
        else:
            ident.append(Line([Seg(card.shown_name(), fn, st.name_color, stroke)]))
            for t in card.title_lines:
                ident.append(Line([Seg(t, ft, light)]))
        if card.title_en:
            ident.append(Line([Seg(card.title_en, ft, light)]))
        if card.department:
            ident.append(Line([Seg(card.department, fd, light)]))
    blocks["ident"] = ident
    comp = []
    if card.company:
        comp.append(Line([Seg(card.company, fc, st.accent if not st.dark else light,
                              1 if (st.regular == CJK and card.name is None) else 0)]))
    if card.company_en:
        comp.append(Line([Seg(card.company_en, font(st.regular, px("small")), light)]))
    if card.tagline:
        comp.append(Line([Seg(card.tagline, font(st.regular, px("small")), light)]))
    blocks["company"] = comp

    def labeled(label, value):
        if not label:
            return [Seg(value, fs, light)]
        return [Seg(label + card.sep, fl, light), Seg(value, fs, light)]

    contacts = []
    phones = list(card.phones)
    if card.pair_phones and len(phones) >= 2:
        a, b = phones[0], phones[1]
        contacts.append(Line(labeled(a.label, a.value) + [Seg("   ", fs, light)] + labeled(b.label, b.value)))
        phones = phones[2:]
    for p in phones:
        contacts.append(Line(labeled(p.label, p.value)))
    for e in card.emails:
        contacts.append(Line(labeled(card.email_label, e)))
    for w in card.websites:
        contacts.append(Line(labeled(card.web_label, w)))
    blocks["contacts"] = contacts
    addr = []
    if card.address_lines:
        lines = [", ".join(card.address_lines)] if card.address_one_line else card.address_lines
        for i, a in enumerate(lines):
            if i == 0 and card.address_label:
                addr.append(Line(labeled(card.address_label, a)))
            else:
                addr.append(Line([Seg(a, fs, light)]))
    blocks["address"] = addr
    blocks["gap"] = round(st.sizes["small"] * f * scale * 0.28)
    blocks["ggap"] = round(st.sizes["small"] * f * scale * 0.8)
    return blocks


def fits(groups, box, lg, gg):
    w, h = column_size(groups, lg, gg)
    return w <= box[2] and h <= box[3]


def plan_layout(card, st, W, H, scale, f, rng_layout):
    """Returns (decorations, columns) or None if the text does not fit at factor f."""
    b = build_blocks(card, st, f, scale)
    lg, gg = b["gap"], b["ggap"]
    m = round(0.055 * min(W, H) + 0.03 * max(W, H))
    decos = []
    cols = []
    lay = st.layout
    ident, comp, contacts, addr = b["ident"], b["company"], b["contacts"], b["address"]
    if lay == "left":
        x0 = m
        if st.decoration == "strip":
            decos.append(("rect", (0, 0, round(0.025 * W), H), st.accent))
            x0 = m + round(0.025 * W)
        box = (x0, m, W - x0 - m, H - 2 * m)
        top = comp + ident if rng_layout < 0.5 else ident + comp
        groups = [top, contacts + addr] if rng_layout < 0.25 else [ident, comp, contacts, addr]
        cols.append((groups, box, "left", "spread"))
    elif lay == "center":
        box = (m, m, W - 2 * m, H - 2 * m)
        groups = [comp, ident, contacts, addr] if rng_layout < 0.5 else [ident, comp, contacts + addr]
        cols.append((groups, box, "center", "spread"))
    elif lay == "twocol":
        split = round(W * (0.47 if rng_layout < 0.5 else 0.52))
        gap = round(0.03 * W)
        left = (m, m, split - m - gap, H - 2 * m)
        right = (split + gap, m, W - split - gap - m, H - 2 * m)
        if st.decoration in ("strip", "corner"):
            decos.append(("rect", (split - 2, m, 3, H - 2 * m), st.accent))
        cols.append(([ident, comp], left, "left", "spread" if rng_layout < 0.5 else "center"))
        cols.append(([contacts, addr], right, "right" if rng_layout < 0.35 else "left", "center"))
    elif lay == "logo":
        side = round(min(H * 0.32, W * 0.2))
        decos.append(("initials", (m, m, side, side), st.accent))
        box_top = (m + side + round(0.03 * W), m, W - 2 * m - side - round(0.03 * W), side)
        cols.append(([comp or ident[:1]], box_top, "left", "center"))
        rest_ident = ident if comp else ident[1:]
        box = (m, m + side + round(0.04 * H), W - 2 * m, H - 2 * m - side - round(0.04 * H))
        if rng_layout < 0.5:
            half = round((W - 2 * m) * 0.5)
            cols.append(([rest_ident], (m, box[1], half - gap_px(W), box[3]), "left", "top"))
            cols.append(([contacts, addr], (m + half, box[1], W - 2 * m - half, box[3]), "left", "bottom"))
        else:
            cols.append(([rest_ident, contacts + addr], box, "left", "spread"))
    elif lay == "band":
        bh = round(H * (0.24 if rng_layout < 0.6 else 0.3))
        top_band = rng_layout < 0.7
        band_y = 0 if top_band else H - bh
        decos.append(("rect", (0, band_y, W, bh), st.accent))
        band_color = (250, 250, 250)
        for ln in comp:
            for s in ln.segs:
                s.color = band_color
        pad = round(bh * 0.12)
        band_box = (m, band_y + pad, W - 2 * m, bh - 2 * pad)
        cols.append(([comp], band_box, "left" if rng_layout < 0.4 else "center", "center"))
        rest_y = bh + round(0.05 * H) if top_band else m
        rest_h = H - bh - round(0.05 * H) - m
        box = (m, rest_y, W - 2 * m, rest_h)
        if rng_layout < 0.45:
            half = round((W - 2 * m) * 0.5)
            cols.append(([ident], (m, box[1], half - gap_px(W), box[3]), "left", "center"))
            cols.append(([contacts, addr], (m + half, box[1], W - 2 * m - half, box[3]), "left", "center"))
        else:
            cols.append(([ident, contacts + addr], box, "left", "spread"))
    elif lay == "vertical":
        side = round(W * 0.22)
        decos.append(("initials" if rng_layout < 0.5 else "shape", ((W - side) // 2, m, side, side), st.accent))
        box = (m, m + side + round(0.03 * H), W - 2 * m, H - 2 * m - side - round(0.03 * H))
        cols.append(([ident, comp, contacts, addr], box, "center", "spread"))
    else:
        raise ValueError(lay)
    if st.decoration == "topline" and lay not in ("band",):
        decos.append(("rect", (0, 0, W, round(0.015 * H)), st.accent))
    if st.decoration == "corner" and lay in ("left", "center"):
        decos.append(("tri", (W, H), st.accent))
    for groups, box, _, _ in cols:
        if box[2] <= 0 or box[3] <= 0 or not fits(groups, box, lg, gg):
            return None
    return decos, cols, lg, gg


def gap_px(W):
    return round(0.02 * W)


def draw_decoration(img, draw, d, st, card, scale):
    kind, geom, color = d
    if kind == "rect":
        x, y, w, h = geom
        draw.rectangle([x, y, x + w - 1, y + h - 1], fill=color)
    elif kind == "tri":
        W, H = geom
        s = round(min(W, H) * 0.18)
        draw.polygon([(W, H - s), (W, H), (W - s, H)], fill=color)
    elif kind in ("initials", "shape"):
        x, y, s, _ = geom
        if st.dark:
            color = (235, 235, 235)
        shape = (len(card.initials) + s) % 3
        if shape == 0:
            draw.ellipse([x, y, x + s, y + s], fill=color)
        elif shape == 1:
            draw.rounded_rectangle([x, y, x + s, y + s], radius=s // 6, fill=color)
        else:
            draw.polygon([(x + s / 2, y), (x + s, y + s / 2), (x + s / 2, y + s), (x, y + s / 2)], fill=color)
        if kind == "initials" and card.initials:
            fnt = font(st.bold, max(8, round(s * (0.42 if len(card.initials) > 1 else 0.55))))
            draw.text((x + s / 2, y + s / 2), card.initials, font=fnt, fill=st.paper if not st.dark else (20, 20, 20),
                      anchor="mm")
        else:  # a simple mark: two bars
            bar = (255, 255, 255)
            draw.rectangle([x + s * 0.3, y + s * 0.3, x + s * 0.45, y + s * 0.7], fill=bar)
            draw.rectangle([x + s * 0.55, y + s * 0.3, x + s * 0.7, y + s * 0.7], fill=bar)


def card_size(country, vertical, scale):
    w_mm, h_mm = {"US": (88.9, 50.8), "CA": (88.9, 50.8), "JP": (91, 55), "CN": (90, 54)}.get(country, (85, 55))
    w, h = round(w_mm / 25.4 * 300 * scale), round(h_mm / 25.4 * 300 * scale)
    return (h, w) if vertical else (w, h)


def shrink_or_drop(card, st):
    """One step of making a card's text fit: returns False when nothing is left to try."""
    if card.tagline:
        card.tagline = None
    elif card.company_en or card.title_en:
        card.company_en = card.title_en = None
    elif card.address_one_line:
        card.address_one_line = False
    elif len(card.emails) > 1:
        card.emails = card.emails[:1]
    elif card.pair_phones:
        card.pair_phones = False
    elif st.sizes["company"] > st.sizes["small"] + 6 or st.sizes["title"] > st.sizes["small"] + 2:
        # smaller big lines; the name stays the largest text on a person's card
        st.sizes["company"] = max(st.sizes["small"] + 6, st.sizes["company"] - 3)
        st.sizes["title"] = max(st.sizes["small"] + 2, st.sizes["title"] - 2)
        if card.name:
            st.sizes["name"] = max(st.sizes["company"] + 10, st.sizes["name"] - 3)
    elif card.department:
        card.department = None
    elif len(card.address_lines) > 2:
        card.address_lines = card.address_lines[:2]
    elif len(card.phones) > 2:
        card.phones = card.phones[:2]
    elif st.layout not in ("left", "vertical"):
        st.layout = "left"
    elif card.name_title_inline:
        card.name_title_inline = False
    elif len(card.title_lines) > 1:
        card.title_lines = card.title_lines[:1]
    elif card.name and st.sizes["name"] > st.sizes["small"] + 10:
        st.sizes["name"] -= 3
        st.sizes["company"] = min(st.sizes["company"], st.sizes["name"] - 6)
    else:
        return False
    return True


def render_card(card, rng, scale=1.0, vertical=False):
    """Draws a card; returns an RGB image. Drops optional content until everything fits."""
    W, H = card_size(card.country, vertical, scale)
    st = pick_style(rng, card, vertical)
    rng_layout = rng.random()
    min_f = 22.0 / st.sizes["small"]
    p = None
    for attempt in range(40):
        f = 1.0
        while f >= min_f - 1e-9:
            p = plan_layout(card, st, W, H, scale, f, rng_layout)
            if p:
                break
            f -= 0.04
        if p:
            break
        # drop optional content, least important first; the truth follows what is drawn
        if not shrink_or_drop(card, st):
            if W < H:  # a vertical card that cannot hold this text becomes a horizontal one
                W, H = H, W
                st.layout = "left"
                continue
            raise RuntimeError(f"card content does not fit: {card}")
    if p is None:
        raise RuntimeError(f"card content does not fit: {card}")
    decos, cols, lg, gg = p
    img = Image.new("RGB", (W, H), st.paper)
    draw = ImageDraw.Draw(img)
    for d in decos:
        draw_decoration(img, draw, d, st, card, scale)
    for groups, box, align, valign in cols:
        draw_column(draw, groups, box, align, valign, lg, gg)
    return img


# ---------------------------------------------------------------------------------------------
# Image conditions

def noise_layer(rng, size, amplitude, grain=1):
    """Deterministic, nearly Gaussian noise in 'L' mode centred on 128, sigma about amplitude."""
    w, h = max(1, size[0] // grain), max(1, size[1] // grain)
    u = [Image.frombytes("L", (w, h), rng.randbytes(w * h)) for _ in range(4)]
    # the mean of four uniform variables is close to Gaussian (Irwin-Hall), sigma = 255/sqrt(48)
    n = ImageChops.add(ImageChops.add(u[0], u[1], scale=2.0), ImageChops.add(u[2], u[3], scale=2.0), scale=2.0)
    lut = [max(0, min(255, round(128 + (v - 128) * amplitude / 37))) for v in range(256)]
    n = n.point(lut)
    if grain > 1:
        n = n.resize(size, Image.BILINEAR)
    return n


def add_noise(rng, img, amplitude, grain=1, color=False):
    if color:
        chans = [noise_layer(rng, img.size, amplitude, grain) for _ in range(3)]
        n = Image.merge("RGB", chans)
    else:
        n = noise_layer(rng, img.size, amplitude, grain).convert("RGB")
    return ImageChops.add(img, n, scale=1.0, offset=-128)


def with_alpha(img):
    out = img.convert("RGBA")
    return out


def alpha_bbox(alpha, ox=0, oy=0):
    box = alpha.point(lambda v: 255 if v >= 128 else 0).getbbox()
    x0, y0, x1, y1 = box
    return [x0 + ox, y0 + oy, x1 - x0, y1 - y0]


def rotate_card(card_img, angle):
    """Rotates counter-clockwise by angle degrees; returns (RGBA image)."""
    rgba = with_alpha(card_img)
    return rgba.rotate(angle, resample=Image.BICUBIC, expand=True)


def jpeg_bytes(img, quality):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def png_bytes(img):
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                k = m[r][c] / m[c][c]
                for j in range(c, n + 1):
                    m[r][j] -= k * m[c][j]
    return [m[i][n] / m[i][i] for i in range(n)]


def perspective_coeffs(dst, src):
    """Coefficients for Image.transform(PERSPECTIVE): output point dst[i] samples input src[i]."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -x * u, -y * u])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -x * v, -y * v])
        b.append(v)
    return solve(a, b)


def texture(rng, size, kind):
    W, H = size
    if kind == "wood":
        base = rng.choice([(150, 100, 60), (120, 80, 45), (175, 130, 85), (95, 60, 35)])
        streak = noise_layer(rng, (W // 40 + 1, H // 3 + 1), 60).resize(size, Image.BICUBIC)
        fine = noise_layer(rng, (W // 8 + 1, H), 25).resize(size, Image.BILINEAR)
        lum = ImageChops.add(streak, fine, scale=1.0, offset=-128)
        img = Image.merge("RGB", [lum.point(lambda v, c=c: max(0, min(255, c + (v - 128) * 0.6)))
                                  for c in base])
        img = img.rotate(rng.choice([0, 90]) + rng.uniform(-8, 8), resample=Image.BICUBIC, expand=False,
                         fillcolor=base) if rng.random() < 0.5 else img
    elif kind == "fabric":
        base = rng.choice([(70, 85, 110), (110, 40, 45), (60, 90, 70), (140, 135, 125), (45, 45, 55)])
        img = Image.new("RGB", size, base)
        d = ImageDraw.Draw(img)
        step = rng.randrange(3, 6)
        for y in range(0, H, step):
            d.line([(0, y), (W, y)], fill=tuple(max(0, c - 18) for c in base))
        for x in range(0, W, step):
            d.line([(x, 0), (x, H)], fill=tuple(min(255, c + 12) for c in base))
        img = add_noise(rng, img, 18, color=True).filter(ImageFilter.GaussianBlur(0.8))
    elif kind == "desk":
        g = rng.randrange(25, 55)
        img = Image.new("RGB", size, (g, g, g + rng.randrange(0, 8)))
        img = add_noise(rng, img, 10)
    else:  # mottled noise
        base = rng.choice([(200, 195, 185), (170, 180, 190), (120, 125, 120), (210, 200, 170)])
        img = Image.new("RGB", size, base)
        img = add_noise(rng, img, 22, grain=10, color=rng.random() < 0.3)
        img = add_noise(rng, img, 8)
    return img


def lighting(rng, img, strength):
    """Multiplies by a linear gradient in a random direction plus an optional soft shadow."""
    W, H = img.size
    g = Image.linear_gradient("L").resize((W * 2, H * 2)).rotate(rng.uniform(0, 360), resample=Image.BILINEAR)
    g = g.crop((W // 2, H // 2, W // 2 + W, H // 2 + H))
    lo = round(255 * (1 - strength))
    g = g.point(lambda v: lo + (255 - lo) * v // 255)
    out = ImageChops.multiply(img, Image.merge("RGB", [g, g, g]))
    if rng.random() < 0.5:
        sh = Image.new("L", (W, H), 255)
        d = ImageDraw.Draw(sh)
        cx, cy = rng.randrange(W), rng.randrange(H)
        r = rng.randrange(W // 4, W // 2)
        d.ellipse([cx - r, cy - r // 2, cx + r, cy + r // 2], fill=rng.randrange(150, 200))
        sh = sh.filter(ImageFilter.GaussianBlur(W // 20))
        out = ImageChops.multiply(out, Image.merge("RGB", [sh, sh, sh]))
    return out


def make_photo(rng, card_img, out_size=(1600, 1200), extra_rotation=0):
    W, H = out_size
    bg = texture(rng, out_size, rng.choice(["wood", "fabric", "desk", "noise"]))
    cw, ch = card_img.size
    for _ in range(50):
        long_side = rng.uniform(0.55, 0.78) * W
        k = long_side / max(cw, ch)
        w, h = cw * k, ch * k
        ang = math.radians(rng.uniform(-18, 18) + extra_rotation)
        cx, cy = W / 2 + rng.uniform(-0.1, 0.1) * W, H / 2 + rng.uniform(-0.1, 0.1) * H
        corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
        # perspective: one edge of the card is farther away and looks shorter
        tilt = rng.uniform(0.06, 0.2)
        edge = rng.randrange(4)
        pts = []
        for i, (x, y) in enumerate(corners):
            if edge == 0 and y < 0 or edge == 1 and y > 0:
                x *= 1 - tilt
                y *= 1 - tilt / 3
            if edge == 2 and x < 0 or edge == 3 and x > 0:
                y *= 1 - tilt
                x *= 1 - tilt / 3
            rx = x * math.cos(ang) - y * math.sin(ang)
            ry = x * math.sin(ang) + y * math.cos(ang)
            pts.append((cx + rx, cy + ry))
        if all(40 <= px <= W - 40 and 40 <= py <= H - 40 for px, py in pts):
            break
    else:
        raise RuntimeError("no photo placement keeps the card's uncut corners in the frame")
    src = [(0, 0), (cw, 0), (cw, ch), (0, ch)]
    coeffs = perspective_coeffs(pts, src)
    warped = card_img.transform(out_size, Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    mask = Image.new("L", card_img.size, 255).transform(out_size, Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    # soft shadow under the card
    off = rng.randrange(6, 18)
    shadow = Image.new("L", out_size, 0)
    shadow.paste(mask.filter(ImageFilter.GaussianBlur(14)), (off, off))
    dark = ImageChops.multiply(bg, Image.new("RGB", out_size, (90, 90, 90)))
    bg = Image.composite(dark, bg, shadow.point(lambda v: v * 0.55))
    bg.paste(warped, (0, 0), mask)
    img = lighting(rng, bg, rng.uniform(0.15, 0.4))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.0)))
    img = add_noise(rng, img, rng.uniform(3, 7))
    return img, alpha_bbox(mask)


def scanner_page(rng, size):
    tone = rng.choice([255, 252, 248, 244, 238])
    page = Image.new("RGB", size, (tone, tone, tone - rng.randrange(0, 4)))
    return page


def place_on_page(rng, page, card_img, x, y, angle, shadow=True):
    """Pastes a (rotated) card with a slight scanner shadow at its edges; returns its bbox."""
    rgba = rotate_card(card_img, angle) if angle else with_alpha(card_img)
    alpha = rgba.getchannel("A")
    if shadow:
        sh = Image.new("L", page.size, 0)
        sh.paste(alpha.filter(ImageFilter.GaussianBlur(4)), (x + 3, y + 3))
        dark = ImageChops.multiply(page, Image.new("RGB", page.size, (150, 150, 150)))
        page.paste(Image.composite(dark, page, sh.point(lambda v: v * 0.5)))
    page.paste(rgba.convert("RGB"), (x, y), alpha)
    return alpha_bbox(alpha, x, y)


def page_size(rng):
    return rng.choice([(1654, 2339), (1700, 2200)])  # A4 and Letter at 200 DPI


def make_scan(rng, card_img):
    size = page_size(rng)
    page = scanner_page(rng, size)
    c = card_img.resize((round(card_img.width * 2 / 3), round(card_img.height * 2 / 3)), Image.LANCZOS)
    angle = rng.uniform(-1.5, 1.5) if rng.random() < 0.6 else 0
    margin = 60
    maxx, maxy = size[0] - c.width - 2 * margin, size[1] - c.height - 2 * margin
    # the card sits somewhere on the bed, usually near a corner or an edge
    x = margin + (rng.randrange(0, maxx // 3) if rng.random() < 0.6 else rng.randrange(0, maxx))
    y = margin + (rng.randrange(0, maxy // 4) if rng.random() < 0.6 else rng.randrange(0, maxy))
    bbox = place_on_page(rng, page, c, x, y, angle)
    page = add_noise(rng, page, 2.5)
    return page, bbox


def make_flatbed(rng, card_imgs):
    """Places 2-4 cards on one page in rows; returns (page, bboxes in reading order)."""
    size = page_size(rng)
    dark_lid = rng.random() < 0.25
    page = Image.new("RGB", size, (40, 40, 42)) if dark_lid else scanner_page(rng, size)
    n = len(card_imgs)
    cols = 2 if n >= 3 or rng.random() < 0.4 else 1
    rows = math.ceil(n / cols)
    margin, pad = 40, 12
    cell_w = (size[0] - 2 * margin) // cols
    row_pitch = (size[1] - 2 * margin) // rows
    # a row is at most 760 px high, so cards in one row always overlap vertically (a card is
    # >= 400 px high, the slack <= 336 px) and cards in different rows never do
    cell_h = min(row_pitch, 760)
    boxes = []
    for i, im in enumerate(card_imgs):
        r, cidx = divmod(i, cols)
        c = im.resize((round(im.width * 2 / 3), round(im.height * 2 / 3)), Image.LANCZOS)
        angle = rng.uniform(-3, 3) if rng.random() < 0.5 else 0
        rw, rh = rotate_card(c, angle).size if angle else c.size
        if rw + 2 * pad > cell_w:  # too wide to turn in a two-column layout: lay it straight
            angle, (rw, rh) = 0, c.size
        cx0 = margin + cidx * cell_w
        cy0 = margin + r * row_pitch
        slack_x, slack_y = cell_w - rw - 2 * pad, cell_h - rh - 2 * pad
        if slack_x < 0 or slack_y < 0:
            raise RuntimeError("card does not fit its flatbed cell")
        x = cx0 + pad + rng.randrange(0, slack_x + 1)
        y = cy0 + pad + rng.randrange(0, slack_y + 1)
        boxes.append(place_on_page(rng, page, c, x, y, angle, shadow=not dark_lid))
    page = add_noise(rng, page, 2.5)
    return page, boxes, dark_lid


# ---------------------------------------------------------------------------------------------
# One test image per index


# ---------------------------------------------------------------------------------------------
# QR codes (images after QR_FIRST_INDEX): a vCard, a MeCard or a URL printed on the card

QR_FIRST_INDEX = 261   # images 1..261 were generated before QR codes and must not change
QR_SHARE = 0.25


def vcard_escape(s):
    return s.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def mecard_escape(s):
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(":", "\\:").replace(",", "\\,")


def qr_payload(rng, card, kind):
    """The payload of a QR code of `kind` whose content equals the card's truth."""
    address = ", ".join(card.address_lines) if card.address_lines else None
    if kind == "url":
        site = card.websites[0]
        return site if site.startswith("http") else "https://" + site
    if kind == "mecard":
        parts = []
        if card.name:
            first, _, last = card.name.rpartition(" ")
            parts.append("N:" + (f"{mecard_escape(last)},{mecard_escape(first)}" if first else mecard_escape(last)))
        if card.company:
            parts.append("ORG:" + mecard_escape(card.company))
        if card.title_lines:
            parts.append("TITLE:" + mecard_escape(" ".join(card.title_lines)))
        parts += ["TEL:" + mecard_escape(p.value) for p in card.phones]
        parts += ["EMAIL:" + mecard_escape(e) for e in card.emails]
        parts += ["URL:" + mecard_escape(w) for w in card.websites]
        if address:  # the address parts, separated by unescaped commas
            parts.append("ADR:" + ",".join(mecard_escape(a.strip()) for a in address.split(",")))
        return "MECARD:" + ";".join(parts) + ";;"
    version = rng.choice(["3.0", "3.0", "4.0"])
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if card.name:
        first, _, last = card.name.rpartition(" ")
        lines.append(f"N:{vcard_escape(last)};{vcard_escape(first)};;;")
        lines.append("FN:" + vcard_escape(card.name))
    if card.company:
        org = vcard_escape(card.company) + (";" + vcard_escape(card.department) if card.department else "")
        lines.append("ORG:" + org)
    if card.title_lines:
        lines.append("TITLE:" + vcard_escape(" ".join(card.title_lines)))
    types = {"work": "WORK,VOICE", "mobile": "CELL", "fax": "WORK,FAX", "other": "VOICE"}
    lines += [f"TEL;TYPE={types[p.kind]}:{p.value}" for p in card.phones]
    lines += [f"EMAIL;TYPE=INTERNET:{e}" for e in card.emails]
    lines += [f"URL:{w}" for w in card.websites]
    if address:  # street as the first printed line, the rest as the locality: joins back to the print
        street, rest = card.address_lines[0], ", ".join(card.address_lines[1:])
        lines.append(f"ADR;TYPE=WORK:;;{vcard_escape(street)};{vcard_escape(rest)};;;")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def qr_image(payload, side):
    """A QR code (black on a white quiet zone) at most `side` pixels, whole pixels per module."""
    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=1)
    q.add_data(payload.encode("utf-8"))
    q.make(fit=True)
    small = q.make_image(fill_color="black", back_color="white").convert("L")
    px = side // small.width
    if px < 2:
        return None
    return small.resize((small.width * px, small.height * px), Image.NEAREST)


def free_spot(img, side, pad):
    """The top-left corner of an empty square of `side` (plus `pad` around it) nearest a corner
    of the card, or None: empty means the paper's colour alone (no text, no decoration)."""
    grey = img.convert("L")
    hist = grey.histogram()
    paper = max(range(256), key=lambda v: hist[v])
    W, H = img.size
    margin = round(0.04 * min(W, H))
    step = max(4, side // 6)
    spots = [(x, y) for x in range(margin, W - side - margin + 1, step) for y in range(margin, H - side - margin + 1, step)]
    corners = [(W - side - margin, H - side - margin), (W - side - margin, margin), (margin, H - side - margin), (margin, margin)]
    spots.sort(key=lambda p: min(abs(p[0] - c[0]) + abs(p[1] - c[1]) for c in corners))
    for x, y in spots:
        lo, hi = grey.crop((max(0, x - pad), max(0, y - pad), min(W, x + side + pad), min(H, y + side + pad))).getextrema()
        if lo >= paper - 12 and hi <= paper + 12:
            return x, y
    return None


def add_qr(card, img, seed, key, force=None):
    """Draws a QR code on about QR_SHARE of the cards, on an empty part of `img` (in place).
    Returns its kind ("vCard", "MeCard", "URL") or None. Draws from its own random stream, so
    the cards and images around it stay the same whether or not a code is drawn."""
    rng = random.Random(f"{seed}:{key}:qr")
    if not force and rng.random() >= QR_SHARE:
        return None
    kind = force or rng.choices(["vcard", "mecard", "url"], [0.45, 0.3, 0.25])[0]
    if kind == "url" and not card.websites:
        kind = "vcard"
    payload = qr_payload(rng, card, kind)
    short = min(img.size)
    for share in (0.42, 0.36, 0.3, 0.25):
        code = qr_image(payload, round(short * share))
        if code is None:
            continue
        spot = free_spot(img, code.width, round(0.02 * short))
        if spot:
            img.paste(code, spot)
            return {"vcard": "vCard", "mecard": "MeCard", "url": "URL"}[kind]
    return None


def wants_qr(index, force):
    return force.get("qr") or QR_FIRST_INDEX <= index < SAMPLE_FIRST_INDEX


def make_entry(seed, index, kind, force=None):
    """Returns (image bytes, extension, truth dict) for test image `index` of `kind`."""
    rng = random.Random(f"{seed}:{index}:{kind}")
    force = force or {}
    conditions = []
    lang = "eng"
    vertical = rng.random() < 0.12 and kind not in ("photo",)
    vertical = force.get("vertical", vertical)

    wide_traditional = kind == "traditional" and TRADITIONAL_FIRST_INDEX <= index < SAMPLE_FIRST_INDEX

    def new_card():
        makers = {"chinese": make_chinese_card, "japanese": make_japanese_card, "korean": make_korean_card,
                  "traditional": make_taiwanese_card_wide if wide_traditional else make_taiwanese_card}
        return makers.get(kind, make_latin_card)(rng)

    if kind == "flatbed":
        n = force.get("n", rng.randrange(2, 5))
        cards, imgs = [], []
        for _ in range(n):
            cd = make_chinese_card(rng) if rng.random() < 0.1 else make_latin_card(rng)
            im = render_card(cd, rng, 1.0, vertical=False)
            cards.append(cd)
            imgs.append(im)
        codes = []
        if wants_qr(index, force):
            for k, (cd, im) in enumerate(zip(cards, imgs)):
                qr = add_qr(cd, im, seed, f"{index}:{k}", force.get("qr"))
                if qr:
                    codes.append(f"card {k + 1}: QR {qr}")
        page, boxes, dark_lid = make_flatbed(rng, imgs)
        truth_cards = [cd.truth(b) for cd, b in zip(cards, boxes)]
        if any(cd.lang != "eng" for cd in cards):
            lang = "chi_sim+eng"
        return jpeg_bytes(page, 85), "jpg", {"cards": truth_cards, "kind": kind, "languages": lang,
                                             "conditions": [f"{n} cards", "dark lid" if dark_lid else "light lid"]
                                             + codes}

    card = new_card()
    if wide_traditional and index >= HAN_FACES_FIRST_INDEX:
        card.han_face = rng.choice(["", "sans", "serif"])
        if len(card.name or "") <= 3 and rng.random() < 0.4:
            card.name_spacing = rng.choice([1, 2])
    lang = card.lang
    base = kind
    if kind == "chinese":
        # two of three Chinese cards are clean renders; every third cycles through the others
        j = index // len(KINDS)
        others = ["scan", "photo", "rotated", "skewed", "noisy", "lowdpi"]
        base = force.get("base") or ("clean" if j % 3 != 2 else others[(j // 3) % len(others)])
        conditions.append(base)
    elif wide_traditional:
        j = (index - TRADITIONAL_FIRST_INDEX) // TRADITIONAL_EVERY
        base = force.get("base") or TRADITIONAL_BASES[j % len(TRADITIONAL_BASES)]
        conditions.append(base)
    elif kind in CJK_KINDS or kind == "traditional":
        # Japanese and Korean cards: clean, scan and photo in turn
        j = (index - CJK_FIRST_INDEX) // len(CJK_KINDS)
        base = force.get("base") or ["clean", "scan", "clean", "photo"][j % 4]
        conditions.append(base)
    mix = force.get("mix", rng.random() < 0.12)
    scale = 0.5 if base == "lowdpi" or (mix and base in ("rotated", "skewed", "photo")) else 1.0
    if base == "photo":
        vertical = False
    img = render_card(card, rng, scale, vertical)
    W, H = img.size
    if wants_qr(index, force):
        qr = add_qr(card, img, seed, index, force.get("qr"))
        if qr:
            conditions.append(f"QR {qr}")
    if scale != 1.0 and base != "lowdpi":
        conditions.append("150 dpi")
    if img.height > img.width:
        conditions.append("vertical card")

    if base == "clean":
        data, ext, bbox = png_bytes(img), "png", [0, 0, W, H]
    elif base == "lowdpi":
        if mix:
            turn = rng.choice([90, 180, 270])
            img = img.rotate(turn, expand=True)
            conditions.append(f"rotated {turn} ccw")
        data, ext, bbox = png_bytes(img), "png", [0, 0, img.width, img.height]
    elif base == "noisy":
        if mix:
            ang = rng.choice([-1, 1]) * rng.uniform(2, 6)
            pad = 40
            rw, rh = rotate_card(img, ang).size
            bg = Image.new("RGB", (rw + 2 * pad, rh + 2 * pad), (255, 255, 255))
            bbox = place_on_page(rng, bg, img, pad, pad, ang, shadow=False)
            img = bg
            conditions.append(f"skewed {ang:+.1f} ccw")
        else:
            bbox = [0, 0, W, H]
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.3)))
        img = add_noise(rng, img, rng.uniform(10, 24), color=rng.random() < 0.5)
        q = rng.randrange(25, 51)
        conditions.append(f"jpeg q{q}")
        data, ext = jpeg_bytes(img, q), "jpg"
    elif base == "rotated":
        turn = force.get("turn") or rng.choice([90, 180, 270])
        img = img.rotate(turn, expand=True)  # counter-clockwise
        conditions.append(f"rotated {turn} ccw")
        bbox = [0, 0, img.width, img.height]
        data, ext = png_bytes(img), "png"
    elif base == "skewed":
        ang = rng.choice([-1, 1]) * rng.uniform(2, 12)
        rgba = rotate_card(img, ang)
        mg = round(rng.uniform(0.04, 0.12) * max(W, H))
        tone = rng.choice([(255, 255, 255), (255, 255, 255), (245, 245, 245), (236, 238, 240), (242, 238, 230)])
        bg = Image.new("RGB", (rgba.width + 2 * mg, rgba.height + 2 * mg), tone)
        bbox = place_on_page(rng, bg, img, mg, mg, ang, shadow=tone != (255, 255, 255))
        conditions.append(f"skewed {ang:+.1f} ccw")
        if mix:
            bg = add_noise(rng, bg.filter(ImageFilter.GaussianBlur(0.7)), 10)
            q = rng.randrange(40, 70)
            conditions.append(f"jpeg q{q}")
            data, ext = jpeg_bytes(bg, q), "jpg"
        else:
            data, ext = png_bytes(bg), "png"
    elif base == "scan":
        page, bbox = make_scan(rng, img)
        data, ext = jpeg_bytes(page, rng.randrange(82, 90)), "jpg"
    elif base == "photo":
        extra = rng.choice([90, 180, -90]) if (mix and rng.random() < 0.5) else 0
        if extra:  # make_photo turns clockwise (image y points down); record it counter-clockwise
            conditions.append(f"rotated {(-extra) % 360} ccw")
        page, bbox = make_photo(rng, img, extra_rotation=extra)
        q = rng.randrange(76, 88) if not (mix and scale == 1.0) else rng.randrange(40, 60)
        data, ext = jpeg_bytes(page, q), "jpg"
    else:
        raise ValueError(base)
    truth = {"cards": [card.truth(bbox)], "kind": kind, "languages": lang}
    if conditions:
        truth["conditions"] = conditions
    return data, ext, truth


def check_truth(truth, data):
    """Guards the truth against the pixels: every box inside the image, no two cards touching,
    cards in reading order, every phone number valid with the E.164 form recorded."""
    size = Image.open(io.BytesIO(data)).size
    boxes = [c["bbox"] for c in truth["cards"]]
    for x, y, w, h in boxes:
        assert 0 <= x and 0 <= y and w > 0 and h > 0 and x + w <= size[0] and y + h <= size[1], (boxes, size)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart_x = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0]
            apart_y = a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
            assert apart_x or apart_y, ("cards touch", a, b)
            above = a[1] + a[3] <= b[1]
            same_row_left = not (a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]) and a[0] < b[0]
            assert above or same_row_left, ("reading order", a, b)
    for c in truth["cards"]:
        for ph in c["phones"]:
            region = "CN" if truth["languages"] != "eng" and ph["e164"].startswith("+86") else None
            num = phonenumbers.parse(ph["e164"])
            assert phonenumbers.is_valid_number(num), ph
            back = phonenumbers.parse(ph["value"], region or phonenumbers.region_code_for_number(num))
            assert phonenumbers.format_number(back, PNF.E164) == ph["e164"], ph


def kind_for(index):
    if index >= TRADITIONAL_FIRST_INDEX and (index - TRADITIONAL_FIRST_INDEX) % TRADITIONAL_EVERY == 0:
        return "traditional"
    if index >= INSTITUTION_FIRST_INDEX and (index - INSTITUTION_FIRST_INDEX) % INSTITUTION_EVERY == 0:
        return "institution"
    if index >= WORLD_FIRST_INDEX:
        return WORLD_KINDS[(index - WORLD_FIRST_INDEX) % len(WORLD_KINDS)]
    if index >= CJK_FIRST_INDEX:
        return CJK_KINDS[(index - CJK_FIRST_INDEX) % len(CJK_KINDS)]
    return KINDS[index % len(KINDS)]


# ---------------------------------------------------------------------------------------------
# World cards (issue 9): images from WORLD_FIRST_INDEX on. What real cards show and the kinds
# above lack: names, titles, phones and addresses of India, Brazil, Turkey, Vietnam, Malaysia and
# Indonesia and romanised Japan; academic prefixes and degree lines; a title after a dash or comma
# on the name line and bilingual titles; companies on two lines or without a legal form, wordmarks
# beside a descriptor line and taglines; icons drawn before contact lines; light text on coloured
# bands and panels, dark and grey cards; several-line addresses; photos on a light desk, filling
# the frame, under a hard shadow and in 16:9 or 9:16 frames. Every person, company, street number
# and address is invented (brands are random syllables); cities, states and street names are
# real places, as on the cards above. Each image draws from its own stream (seed, index, kind),
# so the images before WORLD_FIRST_INDEX stay byte for byte the same.

WORLD_FIRST_INDEX = 309
# Traditional Chinese cards of Taiwan (the wide maker, mostly photos), every TRADITIONAL_EVERY-th
# image from TRADITIONAL_FIRST_INDEX on: a fifth of the real checking cards are Chinese, most of
# them photos of Taiwanese cards (from sources.csv: counted by source, no card looked at), and no
# world kind drew a Chinese card. Images before the index stay byte for byte the same.
TRADITIONAL_FIRST_INDEX = 5420
TRADITIONAL_EVERY = 5
TRADITIONAL_BASES = ["photo", "clean", "photo", "scan", "photo"]
# From this index on, a Taiwanese card is printed in WenQuanYi Zen Hei, Noto Sans CJK TC or Noto
# Serif CJK TC in turn by chance, and two in five three-character names are letter-spaced, as on
# the real Taiwanese cards of the tuning half; images before it stay byte for byte the same.
HAN_FACES_FIRST_INDEX = 6020
# The samples (TestImages/samples) draw from indices of their own, far above any set's.
SAMPLE_FIRST_INDEX = 100000
WORLD_KINDS = ["indian", "brazilian", "turkish", "vietnamese", "malay", "romaji", "global"]
# base treatment by round: kind k of round j is WORLD_BASES[j % 7]
WORLD_BASES = ["clean", "photo", "clean", "scan", "photo", "clean", "photo"]
PHOTO_VARIANTS = ["light desk", "fills frame", "hard shadow", "16:9", "9:16", "dark glossy"]
# Phone photos that fill the frame and cut the card at one edge or at a corner (1-3% of the card
# beyond the frame, none of its text): realcards tune has such photos. Only from this index on, so
# the world cards before it stay as they were generated.
EDGE_FIRST_INDEX = 1221
EDGE_VARIANTS = ["off edge", "off corner"]


def photo_variant(index):
    variants = PHOTO_VARIANTS + (EDGE_VARIANTS if index >= EDGE_FIRST_INDEX else [])
    return variants[(index - WORLD_FIRST_INDEX) % len(variants)]
WORLD_LAYOUTS = ["plain", "panel", "band_bottom", "band_top", "split", "dark", "grey", "header"]

BRAND_SYL = ["va", "ri", "ka", "to", "len", "mi", "sa", "dor", "ne", "xa", "lo", "ru", "tek", "vi",
             "na", "zo", "ra", "bel", "ti", "mo", "an", "ol", "ix", "ar", "el", "su", "vel", "kor"]


def brand_word(rng):
    return "".join(rng.choice(BRAND_SYL) for _ in range(rng.choice([2, 2, 3]))).capitalize()


def world_slug(s):
    """An e-mail or domain word: letters without accents (ı, İ, Đ, ø, ß folded by hand)."""
    for a, b in (("ı", "i"), ("İ", "I"), ("Đ", "D"), ("đ", "d"), ("ø", "o"), ("Ø", "O"), ("æ", "ae"), ("ß", "ss")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c) and c.isalnum()).lower()


def tr_upper(s):
    return s.replace("i", "İ").replace("ı", "I").upper()


def initial(rng):
    return rng.choice("ABCDGHJKMNPRSTUV")


@dataclass
class WorldCard(Card):
    degree_line: str | None = None        # a stand-alone degree line under the name (not in the truth)
    company_lines: list = field(default_factory=list)   # company as printed, one or two lines
    wordmark: str | None = None           # a logo word printed large (company truth says what it is)
    descriptor: str | None = None         # a line beside/under the wordmark (in the truth when it is
    #                                       part of the company name)
    inline_sep: str = " | "               # name-title separator on one line
    address_sep: str | None = None        # address printed on one line with this separator
    icons: str = ""                       # "" none, "line" outline icons, "disc" icons in a disc
    keep_labels: bool = False             # icons and labels both printed
    features: list = field(default_factory=list)
    legal_line: str | None = None         # the company's legal name printed apart from the wordmark
    legal_heads_address: bool = False     # that line printed at the head of the address block
    name_phone: object = None             # a phone printed after the name on its line, unlabelled
    department_lines: list = field(default_factory=list)  # a department printed on two lines
    title_above_name: bool = False        # the title printed on the line(s) above the name

    def truth(self, bbox):
        t = super().truth(bbox)
        if self.address_lines and self.address_sep:
            t["address"] = self.address_sep.join(self.address_lines)
        return t


# Region data: (city, state/province, postal code prefix or full code, fixed-line templates)
IN_FIRST = ["Kiran", "Srinivas", "Venkatesh", "Pooja", "Anil", "Sunita", "Rajesh", "Harish", "Nisha",
            "Prakash", "Divya", "Ramesh", "Swathi", "Mahesh", "Kavitha", "Naveen", "Bhavna", "Suresh",
            "Jignesh", "Hetal", "Sandeep", "Manoj", "Shweta", "Girish"]
IN_LAST = ["Reddy", "Rao", "Patel", "Shah", "Naidu", "Kulkarni", "Joshi", "Agarwal", "Mehta", "Pillai",
           "Krishnan", "Gupta", "Deshmukh", "Bhatt", "Chowdary", "Varma", "Thakkar", "Trivedi",
           "Srivastava", "Kadam"]
IN_TITLES = ["Business Development Manager", "Relationship Manager - Equities", "Sr. Accountant",
             "Managing Trustee", "Deputy General Manager", "Associate - Business Development",
             "Corporate Executive", "Territory Manager, South", "Proprietor", "Branch Manager",
             "Sr. Executive - Marketing", "Director", "Co-Founder & Director", "Chartered Accountant"]
IN_DEPTS = ["Marketing & Presales", "Higher Education - Sales", "Retail Banking", "Coal Division",
            "Projects Division"]
IN_COMPANY_WORDS = ["Infra Projects", "Tech Solutions", "Associates", "Enterprises", "Exports",
                    "Consultants", "Engineering Works", "Training Services", "Agro Industries",
                    "Caterers", "Builders & Developers"]
IN_CITIES = [("Hyderabad", "Telangana", "500", ["40XXXXXXXX"]), ("Surat", "Gujarat", "395", ["261XXXXXXX"]),
             ("Pune", "Maharashtra", "411", ["20XXXXXXXX"]), ("Bengaluru", "Karnataka", "560", ["80XXXXXXXX"]),
             ("Mumbai", "Maharashtra", "400", ["22XXXXXXXX"]), ("Chennai", "Tamil Nadu", "600", ["44XXXXXXXX"]),
             ("Ahmedabad", "Gujarat", "380", ["79XXXXXXXX"])]
IN_AREAS = ["Nehru Nagar", "Station Road", "MG Road", "Ring Road", "Civil Lines", "Shanti Nagar",
            "Industrial Estate", "Gandhi Chowk", "Lake View Colony", "Sector 12"]
IN_BUILDINGS = ["Towers", "Complex", "Chambers", "Residency", "Plaza", "Apartment", "Bhavan",
                "Shopping Centre", "Business Park"]
IN_LANDMARKS = ["City Bus Depot", "Ram Mandir", "Central Library", "District Court", "Post Office",
                "Fire Station", "Municipal Garden", "Railway Station", "Water Tank"]

BR_FIRST = ["Rafael", "Juliana", "Marcelo", "Patrícia", "Eduardo", "Camila", "Rodrigo", "Aline", "Fábio",
            "Renata", "Gustavo", "Tatiane", "Leandro", "Priscila", "André", "Vanessa"]
BR_LAST = ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Ferreira", "Costa", "Rocha", "Almeida",
           "Nascimento", "Moura", "Cardoso", "Teixeira", "Correia"]
BR_TITLES = ["Diretor Comercial", "Gerente de Negócios", "Diretora Administrativa", "Consultor de Vendas",
             "Analista de Sistemas", "Coordenadora de Projetos", "Sócio-Diretor", "Representante Comercial",
             "Supervisor Técnico", "Proprietário"]
BR_SHOPS = [("AUTO PEÇAS", "Peças • Acessórios • Serviços"), ("Ótica", "óculos e lentes de contato"),
            ("MECÂNICA", "Funilaria e pintura em geral"), ("ELETRÔNICA", "Assistência técnica em geral"),
            ("Buffet", "festas e eventos")]
BR_BUSINESS = ["Tecnologia", "Soluções em TI", "Engenharia", "Consultoria", "Alimentos", "Logística"]
BR_CITIES = [("São Paulo", "SP", "11"), ("Campinas", "SP", "19"), ("Rio de Janeiro", "RJ", "21"),
             ("Belo Horizonte", "MG", "31"), ("Curitiba", "PR", "41"), ("Porto Alegre", "RS", "51"),
             ("Recife", "PE", "81")]
BR_STREETS = ["Rua das Palmeiras", "Av. Brigadeiro Faria Lima", "Rua Augusta", "Av. dos Bandeirantes",
              "Rua Sete de Setembro", "Av. Getúlio Vargas", "Rua Voluntários da Pátria", "Av. Itaquera"]
BR_BAIRROS = ["Centro", "Jd. Paulista", "Vila Mariana", "Pinheiros", "Jd. das Flores", "Vila Nova",
              "Jd. Fernandes"]

TR_FIRST = ["Ayşe", "Mehmet", "Elif", "Mustafa", "Zeynep", "Emre", "Burak", "Selin", "Oğuz", "Gökhan",
            "Derya", "Serkan", "Ebru", "Hakan", "Özlem", "Murat Can", "Ahmet Kaan", "İpek"]
TR_LAST = ["Yıldırım", "Öztürk", "Aydın", "Arslan", "Doğan", "Kılıç", "Şahin", "Kurt", "Koç", "Özdemir",
           "Polat", "Güneş", "Aksoy", "Karaca", "Tekin", "Işık"]
TR_TITLES_BI = ["Genel Müdür / General Manager", "Satış Müdürü / Sales Manager",
                "Proje Yöneticisi / Project Manager", "Kurucu Ortak / Co-Founder",
                "Finans Direktörü / Finance Director", "İnsan Kaynakları Uzmanı / HR Specialist"]
TR_TITLES = ["Genel Müdür Yardımcısı", "Satış Temsilcisi", "Yönetim Kurulu Başkanı", "Mali Müşavir",
             "Bölge Müdürü", "Kıdemli Yazılım Mühendisi"]
TR_DEPTS = ["Dış Ticaret Departmanı", "Satış ve Pazarlama", "Bilgi Teknolojileri"]
TR_CITIES = [("İstanbul", ["Şişli", "Levent", "Kadıköy", "Ataşehir"], "34", ["212XXXXXXX", "216XXXXXXX"]),
             ("Ankara", ["Çankaya", "Yenimahalle"], "06", ["312XXXXXXX"]),
             ("İzmir", ["Konak", "Bornova"], "35", ["232XXXXXXX"]),
             ("Bursa", ["Nilüfer", "Osmangazi"], "16", ["224XXXXXXX"])]
TR_STREETS = ["Büyükdere Cad.", "Atatürk Bulvarı", "Cumhuriyet Cad.", "İstiklal Cad.", "Bağdat Cad."]
TR_MAH = ["Cumhuriyet Mah.", "Yıldız Mah.", "Barbaros Mah.", "Esentepe Mah.", "Kavaklıdere Mah."]
TR_SOK = ["Gazi Sok.", "Lale Sok.", "Çınar Sok.", "Menekşe Sok."]

VN_LAST = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Võ"]
VN_MID = ["Văn", "Thị", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc", "Đức"]
VN_GIVEN = ["An", "Bình", "Hùng", "Lan", "Mai", "Tuấn", "Hương", "Dũng", "Linh", "Phương", "Khoa", "Thảo"]
VN_TITLES_BI = ["Giám Đốc / Director", "Trưởng Phòng Kinh Doanh / Sales Manager",
                "Phó Giám Đốc / Deputy Director", "Kế Toán Trưởng / Chief Accountant"]
VN_TITLES = ["Giám Đốc Điều Hành", "Chuyên Viên Tư Vấn", "Sales Executive", "Project Manager", "Trưởng Nhóm"]
VN_CITIES = [("TP. Hồ Chí Minh", ["Quận 1", "Quận 3", "Quận 7", "Bình Thạnh"], ["28XXXXXXXX"],
              ["Lê Lợi", "Nguyễn Huệ", "Điện Biên Phủ", "Nguyễn Thị Minh Khai"]),
             ("Hà Nội", ["Hoàn Kiếm", "Ba Đình", "Cầu Giấy", "Đống Đa"], ["24XXXXXXXX"],
              ["Trần Hưng Đạo", "Kim Mã", "Láng Hạ", "Xuân Thủy"]),
             ("Đà Nẵng", ["Hải Châu", "Sơn Trà"], ["236XXXXXXX"], ["Bạch Đằng", "Nguyễn Văn Linh"])]

MY_MALE = ["Ahmad", "Mohd", "Muhammad", "Azman", "Faizal", "Hafiz", "Khairul", "Zulkifli"]
MY_FEMALE = ["Nurul", "Siti", "Nur", "Aisyah", "Farah", "Aina"]
MY_FATHER = ["Ismail", "Yusof", "Othman", "Abdul Rahman", "Hamzah", "Ibrahim", "Salleh"]
MY_CHINESE = ["Tan Wei Ming", "Lim Mei Ling", "Ong Kah Seng", "Wong Siew Lan"]
ID_FIRST = ["Budi", "Dewi", "Rizky", "Putri", "Agus", "Sri", "Eko", "Rina", "Andi", "Yudi"]
ID_LAST = ["Santoso", "Pratama", "Wijaya", "Kusuma", "Saputra", "Hidayat", "Setiawan", "Lestari"]
MY_TITLES = ["Pengurus Besar", "Ketua Pegawai Eksekutif", "Penolong Pengarah", "Jurutera Kanan",
             "Pengurus Jualan", "Head of Partnerships"]
MY_DEPTS = ["Bahagian Teknologi Maklumat", "Jabatan Kewangan", "Unit Perolehan"]
ID_TITLES = ["Direktur Utama", "Manajer Pemasaran", "Kepala Bagian Keuangan", "Head of Startup Programs"]
MY_CITIES = [("Kuala Lumpur", "Wilayah Persekutuan", "50", ["3XXXXXXXX"], ["Jalan Ampang", "Jalan Tun Razak", "Jalan Sultan Ismail"]),
             ("Petaling Jaya", "Selangor", "46", ["3XXXXXXXX"], ["Jalan SS 2/24", "Jalan Templer"]),
             ("George Town", "Pulau Pinang", "10", ["4XXXXXXX"], ["Lebuh Pantai", "Jalan Burmah"]),
             ("Johor Bahru", "Johor", "80", ["7XXXXXXX"], ["Jalan Wong Ah Fook", "Jalan Tebrau"])]
ID_CITIES = [("Jakarta Selatan", "12", ["21XXXXXXXX"], ["Jl. Jend. Sudirman", "Jl. H.R. Rasuna Said"]),
             ("Jakarta Pusat", "10", ["21XXXXXXXX"], ["Jl. M.H. Thamrin", "Jl. Kebon Sirih"]),
             ("Surabaya", "60", ["31XXXXXXX"], ["Jl. Basuki Rahmat", "Jl. Pemuda"])]

JA_ROMAJI_TITLES = ["Manager, Overseas Sales Department", "Senior Engineer", "Representative Director & CEO",
                    "Assistant Manager", "General Manager", "Chief Researcher", "Section Chief"]
JA_ROMAJI_DEPTS = ["Global Business Division", "R&D Center", "Corporate Planning Office", "Tokyo Branch"]
JA_WARDS = [("Tokyo", "Chiyoda-ku", "Marunouchi", "100-0005", "3"), ("Tokyo", "Shibuya-ku", "Shibuya", "150-0002", "3"),
            ("Osaka", "Kita-ku", "Umeda", "530-0001", "6"), ("Yokohama", "Nishi-ku", "Minatomirai", "220-0012", "45"),
            ("Nagoya", "Nakamura-ku", "Meieki", "450-0002", "52")]

GLOBAL_PREFIXES = ["Dr.", "Prof.", "Dipl.-Ing.", "Prof. Dr.-Ing.", "Dr.", "Assoc. Prof."]
GLOBAL_SUFFIXES = [", PhD", " PhD", ", MBA, CPA", " DPT, CSCS", ", FRCS", " (M.Sc., PMP)", ", RN"]
GLOBAL_TITLES = ["Senior Researcher", "Founder", "Owner", "Physical Therapist", "Apprentice", "Teacher",
                 "Associate Director of Athletics", "Travel Consultant", "Head of Partnerships",
                 "Store Manager", "Claims Coordinator"]
GLOBAL_DEPTS = ["Cloud & AI Department", "Global Business Division", "Department of Physiotherapy",
                "School of Engineering"]
GLOBAL_NO_LEGAL = ["{a} Group", "{a} Travel", "THE {A} COMPANY", "{a} & {b}", "{a} Family Health Care",
                   "{a} Athletics", "{a} Studio", "{a} Dental Care", "The {a} Collective"]

DEGREE_LINES = ["B.E., M.B.A.", "M.Com., FCA", "B.Tech (Civil)", "M.Sc., Ph.D.", "MBBS, MD", "B.Sc., MBA"]
WORLD_TAGLINES = ["Quality you can trust", "Skills first. Results next.", "Since 1998",
                  "Your journey, our care", "Ideas that move", "Service with a smile",
                  "Engineering tomorrow", "Freedom to think further"]
MAIL_HOSTS = {"IN": ["mailhub.in", "postbox.co.in"], "BR": ["correio.net.br", "caixapostal.com.br"],
              "TR": ["posta.com.tr"], "VN": ["thudien.vn"], "MY": ["emel.com.my"], "ID": ["surel.co.id"],
              "JP": ["mailbox.ne.jp"], "US": ["inbox-mail.com"], "GB": ["inbox-mail.co.uk"], "AU": ["inbox-mail.com.au"]}
WORLD_TLDS = {"IN": [".in", ".co.in", ".com"], "BR": [".com.br", ".com.br"], "TR": [".com.tr", ".com"],
              "VN": [".vn", ".com.vn"], "MY": [".com.my", ".my"], "ID": [".co.id", ".id"], "JP": [".co.jp", ".jp"],
              "US": [".com", ".co"], "GB": [".co.uk", ".com"], "AU": [".com.au"]}


# Institution cards (universities, hospitals, research institutes, public offices): every
# INSTITUTION_EVERY-th image from INSTITUTION_FIRST_INDEX on, so that the images before it keep
# their draw. What such cards show and the world kinds lack: academic and clinical roles, often two
# ("Professor of Medicine" / "Chief, Division of Cardiology"), a unit line (department, school,
# centre, division, office), the institution named without a legal form, campus addresses with a
# building and room or a mail code, .edu / .ac.uk / .edu.au / .org hosts and web pages under a
# unit's subdomain. Institutions and people are invented (brands are random syllables). Public
# bodies ("... Council of Science & Technology", "... Port Authority") joined the forms in the
# thirty-eighth session: institution cards drawn since differ from those drawn before.
INSTITUTION_FIRST_INDEX = 620
INSTITUTION_EVERY = 4
INST_FORMS = ["{a} University", "University of {city}", "{a} Institute of Technology", "{a} College",
              "{a} Medical Center", "{a} Children's Hospital", "{a} Research Institute",
              "{a} National Laboratory", "{A} UNIVERSITY", "{a} School of Medicine", "{a} State University",
              "{a} Community College",
              # public bodies print their own name without a legal form (realcards tune: a state
              # council of science and technology)
              "{a} Council of Science & Technology", "{a} Port Authority", "{a} Chamber of Commerce",
              "{a} Polytechnic"]
INST_SUBJECTS = ["Electrical Engineering", "Computer Science", "Mechanical Engineering", "Chemistry",
                 "Economics", "Physics", "Civil and Environmental Engineering", "Biology", "Psychology",
                 "Materials Science", "Mathematics", "History", "Linguistics", "Radiology", "Pediatrics"]
INST_CLINICAL = ["Cardiology", "Oncology", "Neurology", "Gastroenterology", "Orthopaedic Surgery",
                 "Infectious Diseases", "Nephrology"]
INST_TOPICS = ["Integrated Systems", "Energy Research", "Health Policy", "Sustainable Development",
               "Biomedical Imaging", "Language and Information", "Entrepreneurial Studies"]
INST_ROLES = ["Professor", "Associate Professor", "Assistant Professor", "Professor of {subject}",
              "Associate Professor of {subject}", "Lecturer", "Senior Lecturer", "Research Scientist",
              "Research Associate", "Postdoctoral Scholar", "Postdoctoral Fellow", "Visiting Scholar",
              "Graduate Student", "PhD Candidate", "Lab Manager", "Program Manager", "Executive Director",
              "Administrative Associate", "Senior Research Engineer", "Clinical Nurse Specialist",
              "Attending Physician", "Staff Scientist", "Librarian", "Professor Emeritus",
              "Principal Investigator", "Registrar"]
INST_SECOND_ROLES = ["Chief, Division of {clinical}", "Director, Center for {topic}", "Chair, Department of {subject}",
                     "Dean, School of Engineering", "Associate Dean for Research", "Director of Graduate Studies",
                     "Head, {subject} Laboratory"]
INST_UNITS = ["Department of {subject}", "{subject} Department", "School of Engineering", "School of Medicine",
              "Division of {clinical}", "Center for {topic}", "Office of Technology Licensing",
              "Graduate School of Business", "Institute for {topic}", "{subject} Laboratory"]
INST_BUILDINGS = ["Hall", "Building", "Center", "Laboratory", "Pavilion", "House"]
INST_NAME_SUFFIXES = [", Ph.D.", " PhD", ", M.D.", ", MD, PhD", ", RN", ", MPH"]
INST_TLDS = {"US": [".edu", ".edu", ".org"], "GB": [".ac.uk", ".ac.uk", ".nhs.uk"], "AU": [".edu.au"]}


def institution_name(rng, country, city):
    brand = brand_word(rng)
    form = rng.choice(INST_FORMS)
    return form.format(a=brand, A=brand.upper(), city=city[0]), brand


def institution_roles(rng):
    """(title lines, department or None): one or two roles, a unit line half the time."""
    def fill(t):
        return t.format(subject=rng.choice(INST_SUBJECTS), clinical=rng.choice(INST_CLINICAL),
                        topic=rng.choice(INST_TOPICS))
    roles = [fill(rng.choice(INST_ROLES))]
    if rng.random() < 0.3:
        second = fill(rng.choice(INST_SECOND_ROLES))
        roles = [second, roles[0]] if rng.random() < 0.5 else [roles[0], second]
    unit = fill(rng.choice(INST_UNITS)) if rng.random() < 0.55 else None
    return roles, unit


def institution_address(rng, country, city):
    """Campus lines: a building and room (or a mail code) before the street and the city line."""
    lines = make_address(rng, country, city)
    bldg = f"{brand_word(rng)} {rng.choice(INST_BUILDINGS)}"
    r = rng.random()
    if r < 0.4:
        lines.insert(0, f"{bldg}, Room {rng.randrange(100, 499)}")
    elif r < 0.6:
        lines.insert(0, f"{bldg} {rng.randrange(1, 5)}{rng.choice('ABC')}")
    elif r < 0.8:
        lines[0] += f", {rng.choice(['Mail Code', 'MC', 'Mail Stop'])} {rng.randrange(1000, 9999)}"
    if country == "US" and rng.random() < 0.5:
        lines[-1] += f"-{rng.randrange(1000, 9999)}"
    return lines


def custom_phone(rng, num, region, styles, mobile=False):
    """Formats `num` in one of the region's styles seen on printed cards; checks it parses back."""
    n = phonenumbers.national_significant_number(num)
    e164 = phonenumbers.format_number(num, PNF.E164)
    intl = phonenumbers.format_number(num, PNF.INTERNATIONAL)
    nat = phonenumbers.format_number(num, PNF.NATIONAL)
    style = rng.choice(styles)
    if region == "IN":
        if mobile:
            v = {"a": f"+91 {n[:5]} {n[5:]}", "b": f"+91-{n}", "c": f"+91 {n}", "d": f"0{n}",
                 "e": f"{n[:5]} {n[5:]}", "f": f"+91-{n[:5]} {n[5:]}"}[rng.choice("abcdef")]
        else:
            a = 3 if n[:3] in ("261", "120") else 2
            ac, r = n[:a], n[a:]
            v = {"a": f"+91-{ac}-{r[:4]} {r[4:]}", "b": f"0{ac}-{r}", "c": f"0{ac} - {r[:4]} {r[4:]}",
                 "d": f"+91 {ac} {r[:4]} {r[4:]}", "e": f"+91 ({ac}) {r[:4]} {r[4:]}"}[style]
    elif region == "BR":
        a, r = n[:2], n[2:]
        if len(r) == 9:
            v = {"a": f"({a}) {r[0]} {r[1:5]}-{r[5:]}", "b": f"({a}) {r[:5]}-{r[5:]}", "c": f"{a} {r[:5]}-{r[5:]}",
                 "d": f"+55 {a} {r[:5]}-{r[5:]}", "e": f"({a}) {r[:5]}-{r[5:]}"}[style]
        else:
            v = {"a": f"({a}) {r[:4]}-{r[4:]}", "b": f"({a}) {r[:4]} {r[4:]}", "c": f"{a} {r[:4]}-{r[4:]}",
                 "d": f"+55 {a} {r[:4]}-{r[4:]}", "e": f"+55 ({a}) {r[:4]}-{r[4:]}"}[style]
    elif region == "TR":
        v = {"a": f"+90 {n[:3]} {n[3:6]} {n[6:8]} {n[8:]}", "b": f"0 ({n[:3]}) {n[3:6]} {n[6:8]} {n[8:]}",
             "c": f"0{n[:3]} {n[3:6]} {n[6:8]} {n[8:]}", "d": f"+90 ({n[:3]}) {n[3:6]} {n[6:]}",
             "e": f"+90 {n[:3]} {n[3:6]} {n[6:]}"}[style]
    elif region == "VN":
        if len(n) == 9:
            v = {"a": f"0{n[:3]} {n[3:6]} {n[6:]}", "b": f"+84 {n[:3]} {n[3:6]} {n[6:]}",
                 "c": f"0{n[:3]}.{n[3:6]}.{n[6:]}", "d": f"(+84) {n[:3]} {n[3:6]} {n[6:]}",
                 "e": f"0{n[:4]} {n[4:]}"}[style]
        else:
            a = 3 if n.startswith("236") else 2
            v = {"a": f"(0{n[:a]}) {n[a:a + 4]} {n[a + 4:]}", "b": f"+84 {n[:a]} {n[a:a + 4]} {n[a + 4:]}",
                 "c": f"0{n[:a]}.{n[a:a + 4]}.{n[a + 4:]}", "d": f"(+84 {n[:a]}) {n[a:a + 4]} {n[a + 4:]}",
                 "e": f"0{n[:a]} {n[a:a + 4]} {n[a + 4:]}"}[style]
    elif region == "MY":
        a = 2 if n[0] == "1" else 1
        ac, r = n[:a], n[a:]
        h = len(r) - 4
        v = {"a": f"0{ac}-{r[:h]} {r[h:]}", "b": f"+60{ac}-{r[:h]} {r[h:]}", "c": f"+60 {ac} {r[:h]} {r[h:]}",
             "d": f"60{ac}-{r[:h]} {r[h:]}", "e": f"+60 {ac}-{r[:h]} {r[h:]}"}[style]
    elif region == "ID":
        if n.startswith("8"):
            v = {"a": f"+62 {n[:3]} {n[3:7]} {n[7:]}", "b": f"0{n[:3]}-{n[3:7]}-{n[7:]}",
                 "c": f"+62 {n[:3]}-{n[3:7]}-{n[7:]}", "d": f"0{n[:3]} {n[3:7]} {n[7:]}",
                 "e": f"+62 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}"}[style]
        else:
            a = 2
            v = {"a": f"+62 {n[:a]} {n[a:a + 4]} {n[a + 4:]}", "b": f"(0{n[:a]}) {n[a:a + 4]} {n[a + 4:]}",
                 "c": f"0{n[:a]}-{n[a:]}", "d": f"+62-{n[:a]}-{n[a:]}",
                 "e": f"(0{n[:a]}) {n[a:]}"}[style]
    elif region == "JP":
        v = {"a": nat, "b": intl.replace(" ", "-"), "c": intl.replace(" ", " (0)", 1).replace("-", " "),
             "d": nat.replace("-", " "), "e": intl}[style]
    else:
        v = {"a": nat, "b": intl, "c": intl.replace("-", " "), "d": nat, "e": intl}[style]
    try:
        back = phonenumbers.parse(v, region)
        ok = phonenumbers.format_number(back, PNF.E164) == e164 and phonenumbers.is_valid_number(back)
    except phonenumbers.NumberParseException:
        ok = False
    return (v if ok else intl), e164


def world_address(rng, kind, country, city):
    """(address lines, one-line separator or None)."""
    sep = None
    if kind == "indian":
        name, state, pin3, _ = city
        pin = f"{pin3}{rng.randrange(0, 100):03d}"
        unit = rng.choice([f"Flat No. {rng.randrange(101, 999)}", f"Plot No. {rng.randrange(1, 900)}",
                           f"H. No. {rng.randrange(1, 20)}-{rng.randrange(1, 9)}-{rng.randrange(10, 400)}",
                           f"Office No. {rng.randrange(1, 60)}",
                           f"{rng.randrange(1, 500)}, {rng.choice(['1st', '2nd', '3rd', '4th'])} Floor"])
        bldg = f"{brand_word(rng)} {rng.choice(IN_BUILDINGS)}"
        mark = f"{rng.choice(['Near', 'Opp.', 'Opposite', 'Behind', 'Above', 'Nr.'])} {rng.choice(IN_LANDMARKS)}"
        area = rng.choice(IN_AREAS)
        pin_s = rng.choice([f"{pin[:3]} {pin[3:]}", pin])
        cityline = rng.choice([f"{name} - {pin_s}", f"{name}-{pin_s}", f"{name} {pin_s}"])
        lines = [f"{unit}, {bldg}", f"{mark}, {area}", cityline]
        if rng.random() < 0.5:
            lines[-1] += f", {state}"
        if rng.random() < 0.4:
            lines.append("India")
        if rng.random() < 0.12:
            sep = " | "
    elif kind == "brazilian":
        name, uf, _ = city
        cep = f"{rng.randrange(1000, 99999):05d}-{rng.randrange(0, 999):03d}"
        street = f"{rng.choice(BR_STREETS)}, {rng.randrange(10, 3000)}"
        if rng.random() < 0.4:
            street += f" - {rng.randrange(1, 20)}º andar"
        bairro = rng.choice(BR_BAIRROS)
        r = rng.random()
        if r < 0.35:
            lines = [f"{street} - {bairro}", f"{name} - {uf}", f"CEP {cep}"]
        elif r < 0.65:
            lines = [street, f"{bairro} - {name}/{uf}", f"CEP {cep}"]
        else:
            lines = [street, f"Cep {cep}", bairro, name, uf]
            sep = " | "
    elif kind == "turkish":
        il, ilceler, pc2, _ = city
        ilce = rng.choice(ilceler)
        pc = f"{pc2}{rng.randrange(100, 999)}"
        if rng.random() < 0.5:
            lines = [f"{rng.choice(TR_STREETS)} No: {rng.randrange(1, 300)} Kat: {rng.randrange(1, 25)}",
                     f"{pc} {ilce} / {il}"]
        else:
            lines = [f"{rng.choice(TR_MAH)} {rng.choice(TR_SOK)} No: {rng.randrange(1, 90)}/{rng.randrange(1, 20)}",
                     f"{pc} {ilce} / {il}"]
        if rng.random() < 0.4:
            lines.append("Türkiye")
    elif kind == "vietnamese":
        tp, districts, _, streets = city
        d = rng.choice(districts)
        r = rng.random()
        if r < 0.4:
            lines = [f"Số {rng.randrange(1, 300)} {rng.choice(streets)}, Phường {rng.randrange(1, 15)}", f"{d}, {tp}"]
        elif r < 0.7:
            lines = [f"Tầng {rng.randrange(2, 25)}, Tòa nhà {brand_word(rng)} Tower",
                     f"{rng.randrange(1, 300)} {rng.choice(streets)}, {d}, {tp}"]
        else:
            lines = [f"{rng.randrange(1, 300)} {rng.choice(streets)} St., {d}", f"{tp}, Việt Nam"]
    elif kind == "malay":
        if country == "MY":
            name, state, pc2, _, streets = city
            lines = [f"No. {rng.randrange(1, 200)}, {rng.choice(streets)}"]
            if rng.random() < 0.5:
                lines.insert(0, f"Level {rng.randrange(2, 40)}, Menara {brand_word(rng)}")
            lines.append(f"{pc2}{rng.randrange(100, 999)} {name}, {state}")
            if rng.random() < 0.6:
                lines.append("Malaysia")
        else:
            name, pc2, _, streets = city
            lines = [f"{rng.choice(streets)} Kav. {rng.randrange(1, 90)}" if rng.random() < 0.5
                     else f"{rng.choice(streets)} No. {rng.randrange(1, 200)}"]
            if rng.random() < 0.5:
                lines.insert(0, f"Gedung {brand_word(rng)} Lt. {rng.randrange(2, 30)}")
            if rng.random() < 0.4:
                lines.append(f"RT {rng.randrange(1, 15):02d}/RW {rng.randrange(1, 10):02d}, {rng.choice(['Karet', 'Menteng', 'Kuningan', 'Gubeng'])}")
            lines.append(f"{name} {pc2}{rng.randrange(100, 999)}")
            if rng.random() < 0.5:
                lines.append("Indonesia")
    elif kind == "romaji":
        cname, ward, district, pc, _ = city
        street = f"{rng.randrange(1, 9)}-{rng.randrange(1, 20)}-{rng.randrange(1, 30)} {district}"
        if rng.random() < 0.5:
            lines = [f"〒{pc}", f"{street}, {ward}", f"{cname}, Japan"]
        else:
            bldg = f"{brand_word(rng)} Bldg. {rng.randrange(2, 20)}F"
            lines = [f"〒{pc} {bldg}", f"{street}, {ward}, {cname}"]
    else:  # global: the existing address styles plus a building line
        lines = make_address(rng, country, city)
        if rng.random() < 0.35:
            lines.insert(0, f"{brand_word(rng)} {rng.choice(['House', 'Building', 'Centre', 'Plaza'])}")
    return lines, sep


def world_person_and_titles(rng, kind, country, c):
    """Sets c.name, c.title_lines, c.department, c.degree_line; returns (first, last) for e-mails."""
    r = rng.random()
    if kind == "indian":
        first, last = rng.choice(IN_FIRST), rng.choice(IN_LAST)
        forms = [f"{first} {last}", f"{initial(rng)}. {initial(rng)}. {last.upper()}",
                 f"{first} {initial(rng)}. {last}", f"{last} {first}",
                 f"Dr. {initial(rng)}.{initial(rng)}.{initial(rng)}. {first} {last}",
                 f"CA {first.upper()} {last.upper()}", f"{initial(rng)}. {first}",
                 f"{first} {last}. {initial(rng)}", f"{first} Kumar {initial(rng)}.{initial(rng)}"]
        c.name = rng.choice(forms)
        c.title_lines = [rng.choice(IN_TITLES)]
        if rng.random() < 0.25:
            c.department = rng.choice(IN_DEPTS)
        if rng.random() < 0.25:
            c.degree_line = rng.choice(DEGREE_LINES)
    elif kind == "brazilian":
        first, last = rng.choice(BR_FIRST), rng.choice(BR_LAST)
        c.name = rng.choice([f"{first} {last}", f"{first} {rng.choice(BR_LAST)} {last}",
                             f"{first} {initial(rng)}. {last}"])
        c.title_lines = [rng.choice(BR_TITLES)] if r < 0.85 else []
    elif kind == "turkish":
        first, last = rng.choice(TR_FIRST), rng.choice(TR_LAST)
        c.name = rng.choice([f"{first} {tr_upper(last)}", f"{first} {tr_upper(last)}", f"{tr_upper(first)} {tr_upper(last)}",
                             f"{first} {last}", f"Dr. {first} {tr_upper(last)}"])
        c.title_lines = [rng.choice(TR_TITLES_BI if rng.random() < 0.6 else TR_TITLES)]
        if rng.random() < 0.2:
            c.department = rng.choice(TR_DEPTS)
    elif kind == "vietnamese":
        last, mid, given = rng.choice(VN_LAST), rng.choice(VN_MID), rng.choice(VN_GIVEN)
        first = given
        c.name = rng.choice([f"{last} {mid} {given}", f"{last} {mid} {given}".upper(), f"{given} {last}",
                             f"{last} {given}"])
        c.title_lines = [rng.choice(VN_TITLES_BI if rng.random() < 0.5 else VN_TITLES)]
    elif kind == "malay":
        if country == "MY":
            if rng.random() < 0.7:
                male = rng.random() < 0.5
                first = rng.choice(MY_MALE if male else MY_FEMALE)
                last = rng.choice(MY_FATHER)
                nm = f"{first} {rng.choice(MY_MALE if male else MY_FEMALE) if rng.random() < 0.3 else ''}".strip()
                c.name = f"{nm} {'bin' if male else 'binti'} {last}"
                if rng.random() < 0.4:
                    c.name = c.name.upper()
            else:
                c.name = rng.choice(MY_CHINESE)
                last, first = c.name.split(" ", 1)
            c.title_lines = [rng.choice(MY_TITLES)]
            if rng.random() < 0.35:
                c.department = rng.choice(MY_DEPTS)
        else:
            first, last = rng.choice(ID_FIRST), rng.choice(ID_LAST)
            c.name = rng.choice([f"{first} {last}", f"{first} {rng.choice(ID_LAST)} {last}", f"{first} {last}, S.E."])
            c.title_lines = [rng.choice(ID_TITLES)]
    elif kind == "romaji":
        firsts, lasts = CULTURES["ja"]
        first, last = rng.choice(firsts), rng.choice(lasts)
        c.name = rng.choice([f"{first} {last.upper()}", f"{last.upper()} {first}", f"{first} {last}"])
        t = rng.choice(JA_ROMAJI_TITLES)
        c.title_lines = [t]
        if rng.random() < 0.4:
            c.department = rng.choice(JA_ROMAJI_DEPTS)
    elif kind == "institution":
        culture = rng.choice(["en", "en", "en", "africa", "mena", "nordic", "de", "in", "ja"])
        firsts, lasts = CULTURES[culture]
        first, last = rng.choice(firsts), rng.choice(lasts)
        shown = f"{first} {initial(rng)}. {last}" if rng.random() < 0.25 else f"{first} {last}"
        if rng.random() < 0.2:
            shown = f"{rng.choice(['Dr.', 'Prof.', 'Professor'])} {shown}"
        elif rng.random() < 0.35:
            shown = shown + rng.choice(INST_NAME_SUFFIXES)
        c.name = shown
        c.title_lines, c.department = institution_roles(rng)
        if len(c.title_lines) == 2:
            c.features.append("two roles")
    else:
        culture = rng.choice(["en", "en", "africa", "mena", "nordic", "de", "in"])
        firsts, lasts = CULTURES[culture]
        first, last = rng.choice(firsts), rng.choice(lasts)
        shown = f"{first} {last}"
        if rng.random() < 0.35:
            shown = f"{rng.choice(GLOBAL_PREFIXES)} {shown}"
        elif rng.random() < 0.35:
            shown = shown + rng.choice(GLOBAL_SUFFIXES)
        if rng.random() < 0.2:
            shown = shown.upper()
        c.name = shown
        if rng.random() < 0.2:
            c.title_lines = list(rng.choice(LONG_TITLES))
        else:
            c.title_lines = [rng.choice(GLOBAL_TITLES)]
        if rng.random() < 0.35:
            c.department = rng.choice(GLOBAL_DEPTS)
    return first, last


def make_world_card(rng, kind):
    c = WorldCard()
    country = {"indian": "IN", "brazilian": "BR", "turkish": "TR", "vietnamese": "VN", "romaji": "JP"}.get(kind)
    if kind == "malay":
        country = rng.choice(["MY", "MY", "ID"])
    if kind in ("global", "institution"):
        country = rng.choice(["US", "GB", "AU"] if kind == "global" else ["US", "US", "GB", "AU"])
    c.country = country
    c.lang = "Latin" if kind in ("turkish", "vietnamese") else "eng"
    brand = brand_word(rng)
    b2 = brand_word(rng)
    company_only = rng.random() < (0.3 if kind == "brazilian" else 0.08)
    # company: legal form or not, one or two lines, a wordmark with a descriptor or a legal line
    legal_line = None
    if kind == "indian":
        legal = rng.choice(["Pvt. Ltd.", "Private Limited", "LLP", "Ltd.", "", ""])
        comp = f"{brand} {rng.choice(IN_COMPANY_WORDS)}" + (f" {legal}" if legal else "")
        if rng.random() < 0.3:
            comp = comp.upper()
    elif kind == "brazilian":
        if company_only:
            shop, services = rng.choice(BR_SHOPS)
            comp = f"{shop} {brand.upper() if shop.isupper() else brand}"
            c.tagline = services
        else:
            comp = rng.choice([f"{brand} {rng.choice(BR_BUSINESS)}", f"Grupo {brand}",
                               f"{brand} {rng.choice(BR_BUSINESS)} Ltda.", f"{brand.upper()} S/A"])
    elif kind == "turkish":
        comp = rng.choice([f"{brand} Lojistik A.Ş.", f"{brand} Yazılım Ltd. Şti.", f"{brand} Group",
                           f"{brand} Travel", f"{brand} Mimarlık", f"{brand} Enerji Sanayi ve Ticaret A.Ş."])
    elif kind == "vietnamese":
        comp = rng.choice([f"Công ty TNHH {brand} Việt Nam", f"Công ty Cổ phần {brand}", f"{brand.upper()} JSC",
                           f"{brand} Travel", f"CÔNG TY TNHH THƯƠNG MẠI {brand.upper()}"])
    elif kind == "malay":
        comp = (rng.choice([f"{brand} Holdings Sdn. Bhd.", f"{brand} Teknologi Sdn Bhd", f"Perbadanan {brand}",
                            f"{brand} Group"]) if country == "MY"
                else rng.choice([f"PT {brand} Indonesia", f"PT {brand} Teknologi Nusantara", f"{brand} Travel"]))
    elif kind == "romaji":
        ro = JA_BRANDS[rng.randrange(len(JA_BRANDS))][2]
        comp = rng.choice([f"{ro} {rng.choice(['Denki', 'Shoji', 'Precision', 'Trading'])} Co., Ltd.",
                           f"{ro.upper()} {rng.choice(['SHOJI', 'KOGYO'])} CORPORATION", f"{ro} Systems Inc.",
                           f"{ro} Travel"])
        brand = ro
    elif kind == "institution":
        comp, brand = institution_name(rng, country, rng.choice(CITIES[country]))
    else:
        comp = rng.choice(GLOBAL_NO_LEGAL).format(a=brand, b=b2, A=brand.upper())
        if rng.random() < 0.3:
            comp = f"{brand} {rng.choice(STEM_B)} {rng.choice(LEGAL[country])}"
    c.company = comp
    c.company_lines = [comp]
    words = comp.split(" ")
    r = rng.random()
    if r < 0.25 and len(words) >= 3:
        k = rng.randrange(1, len(words))
        c.company_lines = [" ".join(words[:k]), " ".join(words[k:])]
        c.features.append("company on two lines")
    elif kind == "institution":
        pass  # an institution prints its name; no wordmark with a trade descriptor
    elif r < 0.5 and kind != "brazilian" or (kind == "brazilian" and not company_only and r < 0.5):
        # a wordmark: the logo word large; a descriptor beside it is part of the name, a legal
        # line elsewhere is the company
        mark = rng.choice([brand.lower(), brand.upper(), brand])
        if rng.random() < 0.5:
            desc = rng.choice(["IT Solutions", "Consulting", "Travel", "Security Solutions", "Geosystems",
                               "Training Centre", "Logistics"])
            c.wordmark, c.descriptor = mark, desc
            c.company = f"{mark} {desc}"
            c.company_lines = []
            c.features.append("wordmark with descriptor")
        else:
            c.wordmark = mark
            legal_line = comp
            c.features.append("wordmark and legal line")
    # person
    if not company_only:
        first, last = world_person_and_titles(rng, kind, country, c)
        if c.title_lines and len(c.title_lines) == 1 and rng.random() < 0.18 and len(c.name) + len(c.title_lines[0]) < 40:
            c.name_title_inline = True
            c.inline_sep = rng.choice([" - ", " – ", ", ", " | "])
        local_first, local_last = world_slug(first.split(" ")[0]) or "info", world_slug(last.split(" ")[0]) or "office"
    else:
        local_first, local_last = "contato" if kind == "brazilian" else "info", "office"
    # phones
    if kind == "indian":
        city = rng.choice(IN_CITIES)
        fixed_t, mobile_t, region = city[3], ["98XXXXXXXX", "99XXXXXXXX", "70XXXXXXXX", "81XXXXXXXX"], "IN"
    elif kind == "brazilian":
        city = rng.choice(BR_CITIES)
        fixed_t, mobile_t, region = [city[2] + "3XXXXXXX", city[2] + "2XXXXXXX"], [city[2] + "99XXXXXXX", city[2] + "98XXXXXXX"], "BR"
    elif kind == "turkish":
        city = rng.choice(TR_CITIES)
        fixed_t, mobile_t, region = city[3], ["53XXXXXXXX", "54XXXXXXXX", "55XXXXXXXX"], "TR"
    elif kind == "vietnamese":
        city = rng.choice(VN_CITIES)
        fixed_t, mobile_t, region = city[2], ["90XXXXXXX", "91XXXXXXX", "98XXXXXXX", "35XXXXXXX"], "VN"
    elif kind == "malay" and country == "MY":
        city = rng.choice(MY_CITIES)
        fixed_t, mobile_t, region = city[3], ["12XXXXXXX", "17XXXXXXX", "19XXXXXXX"], "MY"
    elif kind == "malay":
        city = rng.choice(ID_CITIES)
        fixed_t, mobile_t, region = city[2], ["812XXXXXXXX", "813XXXXXXXX", "856XXXXXXXX"], "ID"
    elif kind == "romaji":
        city = rng.choice(JA_WARDS)
        fixed_t, mobile_t, region = [city[4] + "X" * (9 - len(city[4]))], ["90XXXXXXXX", "80XXXXXXXX"], "JP"
    else:
        city = rng.choice(CITIES[country])
        fixed_t, mobile_t, region = city[-1], MOBILE[country] or city[-1], country
    labels = {
        "indian": (["Tel", "Ph.", "Off.", "Direct", "Board", "Phone"], ["Mob", "Mobile", "Cell", "M", "Mob."], ["Fax", "F"]),
        "brazilian": (["Tel.", "Fone", "Tel"], ["Cel.", "WhatsApp", "Celular"], ["Fax"]),
        "turkish": (["T", "Tel", "Tel."], ["M", "Gsm", "Cep", "Mobil"], ["F", "Faks"]),
        "vietnamese": (["ĐT", "Tel", "Hotline"], ["DĐ", "Mobile", "M"], ["Fax"]),
        "malay": (["Tel", "T", "Telp."], ["H/P", "HP", "Mobile", "Ponsel"], ["Faks", "Fax", "F"]),
        "romaji": (["TEL", "Tel.", "Direct"], ["Mobile", "Cell", "M"], ["FAX", "Fax"]),
        "global": (["Tel", "tel", "Phone", "Main", "Direct", "T"], ["Cell", "mob", "Mobile", "M"], ["Fax", "fax", "F"]),
        "institution": (["Tel", "Office", "Phone", "Lab", "Direct", "T"], ["Cell", "Mobile", "M"], ["Fax", "F"]),
    }[kind]
    n_phones = rng.choices([1, 2, 3], weights=[3, 5, 2])[0]
    kinds = rng.choice([["mobile", "work", "fax"], ["work", "mobile", "fax"], ["work", "fax", "mobile"]])[:n_phones]
    if company_only:
        kinds = [k if k != "mobile" or kind == "brazilian" else "work" for k in kinds]
    style_pool = rng.sample("abcde", 2)
    seen = set()
    for k in kinds:
        mob = k == "mobile"
        for _ in range(20):
            num = make_number(rng, region, mobile_t if mob else fixed_t, mob and region not in ("US",))
            v, e164 = custom_phone(rng, num, region, style_pool, mob)
            if e164 not in seen:
                break
        seen.add(e164)
        pool = {"work": labels[0], "mobile": labels[1], "fax": labels[2]}[k]
        c.phones.append(Phone(rng.choice(pool), v, e164, k))
    c.sep = rng.choice([": ", " : ", ". ", " ", ": "])
    # e-mail and web
    tlds = INST_TLDS[country] if kind == "institution" else WORLD_TLDS[country]
    domain = world_slug(brand) + rng.choice(tlds)
    if kind == "institution":
        unit = rng.choice(["cs", "med", "eng", "physics", "econ", "lab"])
        host = rng.choice([domain, domain, f"{unit}.{domain}"])
        local = rng.choice([f"{local_first}.{local_last}", local_first[0] + local_last, local_last])
        c.emails = [f"{local}@{host}"]
        if rng.random() < 0.6:
            c.websites = [rng.choice([f"www.{domain}", f"http://{unit}.{domain}", f"{unit}.{domain}/~{local_last}",
                                      f"https://{domain}/people/{local_first}-{local_last}"])]
    elif rng.random() < 0.2:
        host = rng.choice(MAIL_HOSTS[country])
        c.emails = [f"{local_first}{'' if company_only else local_last[:1]}{rng.randrange(1, 99)}@{host}"]
        c.features.append("mail at a webmail host")
    else:
        c.emails = [f"{rng.choice([f'{local_first}.{local_last}', local_first, local_first[0] + local_last])}@{domain}"]
    if rng.random() < 0.7 and kind != "institution":
        c.websites = [rng.choice([f"www.{domain}", f"www.{domain}", f"https://www.{domain}", f"http://{domain}"])]
    c.email_label = rng.choice(["", "E", "E-mail", "Email", "Email id", "e-mail"])
    c.web_label = rng.choice(["", "", "W", "Web", "Website"])
    if kind == "institution":
        c.address_lines, c.address_sep = institution_address(rng, country, city), None
    elif rng.random() < 0.9 or company_only:
        c.address_lines, c.address_sep = world_address(rng, kind, country, city)
    c.legal_line = legal_line
    if legal_line and rng.random() < 0.5:
        c.legal_heads_address = True
        c.features.append("legal line heads the address")
    if c.tagline is None and rng.random() < 0.3 and kind != "institution":
        c.tagline = rng.choice(WORLD_TAGLINES)
    # icons before contact lines
    r = rng.random()
    if r < 0.5:
        c.icons = rng.choice(["line", "disc", "glyph"])
        c.keep_labels = rng.random() < 0.25
    return c


class IconFont:
    """Stands in for a font in Line's measurements: an icon is `w` wide with the text's metrics."""

    def __init__(self, base, w):
        self.base, self.w = base, w

    def getlength(self, text):
        return self.w

    def getmetrics(self):
        return self.base.getmetrics()


class Icon(Seg):
    """A small drawn pictogram (phone, mobile, mail, web, pin, fax) before a contact line."""

    def __init__(self, kind, fnt, color, style, paper):
        a = fnt.getmetrics()[0]
        self.size = max(6, round(a * 0.92))
        super().__init__("", IconFont(fnt, self.size + max(4, round(a * 0.45))), color)
        self.kind, self.style, self.paper = kind, style, paper


GLYPH_ICONS = {"work": "☎", "mobile": "✆", "fax": "☎", "other": "☎", "mail": "✉", "web": "⊕", "pin": "⚲"}


def draw_icon(draw, ic, x, base):
    s = ic.size
    c = ic.color
    if ic.style == "disc":
        draw.ellipse([x, base - s, x + s, base], fill=c)
        c = ic.paper
        pad = s * 0.22
        x, base, s = x + pad, base - pad, s - 2 * pad
    y = base - s
    w = max(1, round(s / 7))
    k = ic.kind
    if k in ("work", "other"):
        draw.arc([x, y, x + s, y + s * 0.9], start=190, end=350, fill=c, width=max(2, round(s / 5)))
        draw.rounded_rectangle([x + s * 0.18, y + s * 0.45, x + s * 0.82, y + s], radius=max(1, s // 8), fill=c)
    elif k == "mobile":
        draw.rounded_rectangle([x + s * 0.22, y, x + s * 0.78, y + s], radius=max(1, s // 7), outline=c, width=w)
        draw.ellipse([x + s * 0.44, y + s * 0.78, x + s * 0.56, y + s * 0.9], fill=c)
    elif k == "fax":
        draw.rectangle([x + s * 0.25, y, x + s * 0.75, y + s * 0.45], outline=c, width=w)
        draw.rectangle([x, y + s * 0.4, x + s, y + s], fill=c)
    elif k == "mail":
        draw.rectangle([x, y + s * 0.18, x + s, y + s * 0.88], outline=c, width=w)
        draw.line([(x, y + s * 0.18), (x + s / 2, y + s * 0.58), (x + s, y + s * 0.18)], fill=c, width=w)
    elif k == "web":
        draw.ellipse([x, y, x + s, y + s], outline=c, width=w)
        draw.ellipse([x + s * 0.3, y, x + s * 0.7, y + s], outline=c, width=w)
        draw.line([(x, y + s / 2), (x + s, y + s / 2)], fill=c, width=w)
    elif k == "pin":
        draw.ellipse([x + s * 0.15, y, x + s * 0.85, y + s * 0.7], fill=c)
        draw.polygon([(x + s * 0.2, y + s * 0.48), (x + s * 0.8, y + s * 0.48), (x + s / 2, y + s)], fill=c)
        draw.ellipse([x + s * 0.38, y + s * 0.2, x + s * 0.62, y + s * 0.44], fill=ic.paper)


def draw_world_column(draw, groups, box, align, valign, line_gap, group_gap):
    """draw_column with icons."""
    groups = [g for g in groups if g]
    x0, y0, bw, bh = box
    _, h = column_size(groups, line_gap, group_gap)
    extra = max(0, bh - h)
    y = {"top": y0, "bottom": y0 + extra, "center": y0 + extra / 2}.get(valign, y0)
    between = group_gap + (extra / (len(groups) - 1) if valign == "spread" and len(groups) > 1 else 0)
    if valign == "spread" and len(groups) == 1:
        y = y0 + extra / 2
    for gi, g in enumerate(groups):
        if gi:
            y += between
        for li, ln in enumerate(g):
            if li:
                y += line_gap
            w = ln.width()
            x = x0 if align == "left" else (x0 + (bw - w) / 2 if align == "center" else x0 + bw - w)
            base = y + ln.ascent()
            for s in ln.segs:
                if isinstance(s, Icon):
                    draw_icon(draw, s, round(x), round(base))
                else:
                    draw.text((round(x), round(base)), s.text, font=s.font, fill=s.color, anchor="ls")
                x += s.font.getlength(s.text) + 2 * s.stroke
            y += ln.height()


def world_style(rng, card, layout):
    fam = rng.choice(list(FAMILIES))
    regular, bold = FAMILIES[fam]
    if card.country == "JP" and rng.random() < 0.5:
        regular, bold = NOTO_CJK[0] + "#0", NOTO_CJK[1] + "#0"
    accent = rng.choice(ACCENTS + [(200, 30, 40), (0, 120, 60), (225, 110, 0), (0, 70, 150)])
    paper = rng.choice([(255, 255, 255)] * 4 + [(252, 250, 243), (246, 244, 238), (236, 242, 250)])
    ink = rng.choice(INKS)
    dark = layout == "dark"
    if dark:
        paper = rng.choice([(18, 18, 20), (15, 30, 60), (40, 42, 46), (120, 20, 30), (20, 60, 45)])
        ink = (245, 245, 245)
        accent = rng.choice([(245, 190, 40), (240, 240, 240), (250, 120, 60), (120, 200, 255)])
    elif layout == "grey":
        paper = rng.choice([(205, 205, 205), (190, 195, 200), (214, 211, 203), (180, 180, 182)])
        ink = (15, 15, 15)
    name_color = accent if rng.random() < 0.35 else ink
    sizes = {"name": rng.randrange(46, 62), "company": rng.randrange(34, 46), "title": rng.randrange(26, 32),
             "small": rng.randrange(23, 28), "wordmark": rng.randrange(62, 92)}
    if card.name is None:
        sizes["company"] = rng.randrange(50, 64)
    st = Style(fam, regular, bold, regular, accent, paper, ink, name_color, layout, sizes, "none", dark,
               rng.random() < 0.3)
    st.light = (250, 250, 250)
    st.band = accent if not dark else (235, 235, 235)
    if layout in ("band_bottom", "band_top", "panel") and sum(st.band) > 600:
        st.band = (20, 48, 92)
    return st


def text_segs(text, fnt, color, px):
    """Segments of one line; a 〒 is drawn with the CJK font (the Latin fonts lack it)."""
    if "〒" not in text:
        return [Seg(text, fnt, color)]
    segs = []
    for i, part in enumerate(text.split("〒")):
        if i:
            segs.append(Seg("〒", font(NOTO_CJK[0] + "#0", px), color))
        if part:
            segs.append(Seg(part, fnt, color))
    return segs


def build_world_blocks(card, st, f):
    def px(k):
        return max(1, round(st.sizes[k] * f))
    fn, fc, ft = font(st.bold, px("name")), font(st.bold, px("company")), font(st.regular, px("title"))
    fs = font(st.regular, px("small"))
    fl = font(st.bold if st.label_bold else st.regular, px("small"))
    ink = st.ink
    b = {}
    ident = []
    if card.name:
        # The title above the name: its lines first, then the name as below, without them.
        if card.title_above_name:
            ident.extend(Line([Seg(t, ft, ink)]) for t in card.title_lines)
        if card.name_title_inline:
            ident.append(Line([Seg(card.name, fn, st.name_color), Seg(card.inline_sep + card.title_lines[0], ft, ink)]))
        elif card.name_phone in card.phones:
            ident.append(Line([Seg(card.name, fn, st.name_color), Seg("   " + card.name_phone.value, ft, ink)]))
        else:
            ident.append(Line([Seg(card.name, fn, st.name_color)]))
        if card.degree_line:
            ident.append(Line([Seg(card.degree_line, fs, ink)]))
        if not card.name_title_inline and not card.title_above_name:
            for t in card.title_lines:
                ident.append(Line([Seg(t, ft, ink)]))
        if card.department:
            for d in card.department_lines or [card.department]:
                ident.append(Line([Seg(d, font(st.regular, max(1, px("title") - 3)), ink)]))
    b["ident"] = ident
    brand = []
    if card.wordmark:
        fw = font(st.bold, px("wordmark"))
        brand.append(Line([Seg(card.wordmark, fw, st.accent)]))
        if card.descriptor:
            brand.append(Line([Seg(card.descriptor, font(st.bold, px("title")), ink)]))
    comp = [Line([Seg(t, fc, st.accent if not card.wordmark else ink)]) for t in card.company_lines]
    if card.legal_line and not card.legal_heads_address:
        comp = [Line([Seg(card.legal_line, font(st.bold, px("title")), ink)])]
    if card.tagline:
        (brand if brand else comp).append(Line([Seg(card.tagline, fs, ink)]))
    b["brand"], b["company"] = brand, comp
    show_label = not card.icons or card.keep_labels

    def contact(kind, label, value):
        segs = []
        if card.icons == "glyph":
            segs.append(Seg(GLYPH_ICONS[kind] + " ", font(FAMILIES["DejaVu Sans"][0], px("small")), st.accent))
        elif card.icons:
            segs.append(Icon(kind, fs, st.accent, card.icons, st.paper))
        if label and show_label:
            sep = " " if label.endswith(".") and card.sep.startswith(".") else card.sep
            segs.append(Seg(label + sep, fl, ink))
        segs.append(Seg(value, fs, ink))
        return Line(segs)

    contacts = [contact(p.kind, p.label, p.value) for p in card.phones if p is not card.name_phone]
    contacts += [contact("mail", card.email_label, e) for e in card.emails]
    contacts += [contact("web", card.web_label, w) for w in card.websites]
    b["contacts"] = contacts
    addr = []
    lines = [card.address_sep.join(card.address_lines)] if card.address_sep else list(card.address_lines)
    if card.legal_heads_address and card.legal_line:
        addr.append(Line([Seg(card.legal_line, font(st.bold, px("small")), ink)]))
    for i, a in enumerate(lines):
        segs = text_segs(a, fs, ink, px("small"))
        if i == 0 and card.icons and card.icons != "glyph":
            segs.insert(0, Icon("pin", fs, st.accent, card.icons, st.paper))
        elif i == 0 and card.icons == "glyph":
            segs.insert(0, Seg(GLYPH_ICONS["pin"] + " ", font(FAMILIES["DejaVu Sans"][0], px("small")), st.accent))
        addr.append(Line(segs))
    b["address"] = addr
    b["gap"] = round(st.sizes["small"] * f * 0.28)
    b["ggap"] = round(st.sizes["small"] * f * 0.8)
    return b


def recolor(groups, color, paper=None):
    for g in groups:
        for ln in g:
            for s in ln.segs:
                s.color = color
                if isinstance(s, Icon) and paper:
                    s.paper = paper


def plan_world(card, st, W, H, f, r):
    b = build_world_blocks(card, st, f)
    lg, gg = b["gap"], b["ggap"]
    m = round(0.05 * min(W, H) + 0.025 * max(W, H))
    ident, brand, comp, contacts, addr = b["ident"], b["brand"], b["company"], b["contacts"], b["address"]
    head = brand + comp
    decos, cols = [], []
    lay = st.layout
    if lay in ("plain", "dark", "grey"):
        if r < 0.5 or getattr(st, "single", False):
            cols.append(([head, ident, contacts + addr], (m, m, W - 2 * m, H - 2 * m), "left", "spread"))
        else:
            split = round(W * 0.45)
            cols.append(([head, ident], (m, m, split - m, H - 2 * m), "left", "spread"))
            cols.append(([contacts, addr], (split + gap_px(W), m, W - split - gap_px(W) - m, H - 2 * m),
                         "left", "bottom"))
    elif lay == "split":
        split = round(W * rng_between(r, 0.34, 0.42))
        cols.append(([head], (m, m, split - m, H - 2 * m), "center", "center"))
        decos.append(("rect", (split + gap_px(W) // 2, m, 3, H - 2 * m), st.accent))
        cols.append(([ident, contacts, addr], (split + gap_px(W) * 2, m, W - split - gap_px(W) * 2 - m, H - 2 * m),
                     "left", "spread"))
    elif lay == "panel":
        pw = round(W * rng_between(r, 0.3, 0.38))
        decos.append(("rect", (0, 0, pw, H), st.band))
        recolor([head], st.light, st.band)
        cols.append(([head], (round(m * 0.6), m, pw - round(1.2 * m), H - 2 * m), "center", "center"))
        cols.append(([ident, contacts, addr], (pw + m, m, W - pw - 2 * m, H - 2 * m), "left", "spread"))
    elif lay == "band_bottom":
        bh = round(H * rng_between(r, 0.36, 0.46))
        decos.append(("rect", (0, H - bh, W, bh), st.band))
        recolor([contacts, addr], st.light, st.band)
        pad = round(bh * 0.1)
        top = (m, m, W - 2 * m, H - bh - m - pad)
        half = round((W - 2 * m) * 0.5)
        cols.append(([head], (m, m, half - gap_px(W), top[3]), "left", "center"))
        cols.append(([ident], (m + half, m, W - 2 * m - half, top[3]), "right" if r < 0.5 else "left", "center"))
        cols.append(([addr], (m, H - bh + pad, half - gap_px(W), bh - 2 * pad), "left", "center"))
        cols.append(([contacts], (m + half, H - bh + pad, W - 2 * m - half, bh - 2 * pad), "left", "center"))
    elif lay == "band_top":
        bh = round(H * rng_between(r, 0.42, 0.5))
        decos.append(("rect", (0, 0, W, bh), st.band))
        recolor([head, ident], st.light, st.band)
        pad = round(bh * 0.1)
        half = round((W - 2 * m) * 0.55)
        cols.append(([head], (m, pad, half - gap_px(W), bh - 2 * pad), "left", "center"))
        cols.append(([ident], (m + half, pad, W - 2 * m - half, bh - 2 * pad), "left", "center"))
        lower = (m, bh + pad, W - 2 * m, H - bh - pad - round(0.6 * m))
        half2 = round((W - 2 * m) * 0.5)
        cols.append(([addr], (m, lower[1], half2 - gap_px(W), lower[3]), "left", "center"))
        cols.append(([contacts], (m + half2, lower[1], W - 2 * m - half2, lower[3]), "left", "center"))
    elif lay == "header":
        cols.append(([head, ident, contacts + addr], (m, m, W - 2 * m, H - 2 * m), "center", "spread"))
    else:
        raise ValueError(lay)
    for groups, box, _, _ in cols:
        if box[2] <= 0 or box[3] <= 0 or not fits(groups, box, lg, gg):
            return None
    return decos, cols, lg, gg


def rng_between(r, lo, hi):
    return lo + (hi - lo) * r


def shrink_world(card, st):
    """One step of making a world card's text fit (the truth follows what is drawn)."""
    if card.tagline:
        card.tagline = None
    elif card.degree_line:
        card.degree_line = None
    elif card.keep_labels:
        card.keep_labels = False
    elif st.sizes["wordmark"] > st.sizes["name"] + 4:
        st.sizes["wordmark"] = max(st.sizes["name"] + 4, st.sizes["wordmark"] - 8)
    elif st.sizes["company"] > st.sizes["small"] + 6 or st.sizes["title"] > st.sizes["small"] + 2:
        st.sizes["company"] = max(st.sizes["small"] + 6, st.sizes["company"] - 3)
        st.sizes["title"] = max(st.sizes["small"] + 2, st.sizes["title"] - 2)
        if card.name:
            st.sizes["name"] = max(st.sizes["company"] + 8, st.sizes["name"] - 3)
    elif card.address_sep:
        card.address_sep = None
    elif card.department:
        card.department = None
    elif len(card.address_lines) > 3:
        card.address_lines = card.address_lines[:3]
    elif len(card.phones) > 2:
        card.phones = card.phones[:2]
    elif len(card.websites) and len(card.phones) > 1:
        card.websites = []
    elif st.layout not in ("plain", "dark", "grey"):
        st.layout = "plain"
    elif not getattr(st, "single", False):
        st.single = True  # one column
    elif card.name_title_inline:
        card.name_title_inline = False
    elif len(card.title_lines) > 1:
        card.title_lines = card.title_lines[:1]
    elif card.name and ", " in card.name:
        # Last steps (cards that fit without them are drawn as before): a long name's degrees.
        card.name = card.name.rsplit(", ", 1)[0]
    elif len(card.phones) > 1:
        card.phones = card.phones[:1]
    elif card.name and st.sizes["name"] > st.sizes["company"] + 2:
        # A long name in large capitals ("MUHAMMAD MUHAMMAD BIN HAMZAH") wider than the card at
        # every scale: its type comes down towards the company's.
        st.sizes["name"] = max(st.sizes["company"] + 2, st.sizes["name"] - 4)
    else:
        return False
    return True


def render_world_card(card, rng, layout):
    W, H = card_size(card.country, False, 1.0)
    st = world_style(rng, card, layout)
    r = rng.random()
    min_f = 22.0 / st.sizes["small"]
    p = None
    for _ in range(40):
        f = 1.0
        while f >= min_f - 1e-9:
            p = plan_world(card, st, W, H, f, r)
            if p:
                break
            f -= 0.04
        if p or not shrink_world(card, st):
            break
    if p is None:
        raise RuntimeError(f"world card content does not fit: {card}")
    decos, cols, lg, gg = p
    img = Image.new("RGB", (W, H), st.paper)
    draw = ImageDraw.Draw(img)
    for kind, geom, color in decos:
        x, y, w, h = geom
        draw.rectangle([x, y, x + w - 1, y + h - 1], fill=color)
    for groups, box, align, valign in cols:
        draw_world_column(draw, groups, box, align, valign, lg, gg)
    return img, st.layout


def light_desk(rng, size):
    base = rng.randrange(222, 246)
    img = Image.new("RGB", size, (base, base, base - rng.randrange(0, 6)))
    img = add_noise(rng, img, 8, grain=12)
    return add_noise(rng, img, 3)


def glossy(rng, size):
    W, H = size
    g = rng.randrange(10, 28)
    img = Image.new("RGB", size, (g, g, g + 3))
    hi = Image.new("L", size, 0)
    d = ImageDraw.Draw(hi)
    cx, cy = rng.randrange(W), rng.randrange(H)
    d.ellipse([cx - W // 3, cy - H // 6, cx + W // 3, cy + H // 6], fill=rng.randrange(40, 90))
    hi = hi.filter(ImageFilter.GaussianBlur(W // 12))
    img = ImageChops.add(img, Image.merge("RGB", [hi, hi, hi]))
    return add_noise(rng, img, 4)


def make_world_photo(rng, card_img, variant):
    """A phone photo of a card: make_photo's warp, shadow, lighting and noise, with the frame,
    background and card size of `variant`."""
    out_size = {"16:9": (1920, 1080), "9:16": (1080, 1920)}.get(variant, (1600, 1200))
    W, H = out_size
    if variant == "light desk":
        bg = light_desk(rng, out_size)
    elif variant == "dark glossy":
        bg = glossy(rng, out_size)
    else:
        bg = texture(rng, out_size, rng.choice(["wood", "fabric", "desk", "noise"]))
    close = variant in ("fills frame", "off edge", "off corner")
    lo, hi = {
        "fills frame": (0.86, 0.93), "16:9": (0.45, 0.62), "9:16": (0.8, 0.92), "off edge": (0.78, 0.9),
        "off corner": (0.78, 0.9),
    }.get(variant, (0.55, 0.78))
    max_angle = 4 if close else 14
    edge_margin = 14 if close else 40
    # The frame's sides the card runs off: 0 left, 1 right, 2 top, 3 bottom.
    if variant == "off edge":
        cut = {rng.randrange(4)}
    elif variant == "off corner":
        cut = {rng.randrange(2), 2 + rng.randrange(2)}
    else:
        cut = set()
    cw, ch = card_img.size
    for _ in range(80):
        long_side = rng.uniform(lo, hi) * W
        k = long_side / max(cw, ch)
        w, h = cw * k, ch * k
        ang = math.radians(rng.uniform(-max_angle, max_angle))
        cx, cy = W / 2 + rng.uniform(-0.06, 0.06) * W, H / 2 + rng.uniform(-0.06, 0.06) * H
        tilt = rng.uniform(0.02, 0.06) if close else rng.uniform(0.05, 0.16)
        edge = rng.randrange(4)
        pts = []
        for x, y in [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]:
            if edge == 0 and y < 0 or edge == 1 and y > 0:
                x *= 1 - tilt
                y *= 1 - tilt / 3
            if edge == 2 and x < 0 or edge == 3 and x > 0:
                y *= 1 - tilt
                x *= 1 - tilt / 3
            pts.append((cx + x * math.cos(ang) - y * math.sin(ang), cy + x * math.sin(ang) + y * math.cos(ang)))
        # Move the card so its outermost corner on each cut side lies 1-3% of its width beyond it.
        over = rng.uniform(0.01, 0.03) * w if cut else 0
        dx = -over - min(p[0] for p in pts) if 0 in cut else W + over - max(p[0] for p in pts) if 1 in cut else 0
        dy = -over - min(p[1] for p in pts) if 2 in cut else H + over - max(p[1] for p in pts) if 3 in cut else 0
        pts = [(px + dx, py + dy) for px, py in pts]
        if all(
            (0 in cut or px >= edge_margin) and (1 in cut or px <= W - edge_margin)
            and (2 in cut or py >= edge_margin) and (3 in cut or py <= H - edge_margin)
            for px, py in pts
        ):
            break
    else:
        raise RuntimeError("no photo placement keeps the card's uncut corners in the frame")
    coeffs = perspective_coeffs(pts, [(0, 0), (cw, 0), (cw, ch), (0, ch)])
    warped = card_img.transform(out_size, Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    mask = Image.new("L", card_img.size, 255).transform(out_size, Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    off = rng.randrange(4, 14)
    shadow = Image.new("L", out_size, 0)
    shadow.paste(mask.filter(ImageFilter.GaussianBlur(12)), (off, off))
    dark = ImageChops.multiply(bg, Image.new("RGB", out_size, (90, 90, 90)))
    bg = Image.composite(dark, bg, shadow.point(lambda v: v * 0.5))
    bg.paste(warped, (0, 0), mask)
    if variant == "hard shadow":  # the shadow of a phone or a hand: a sharp-edged dark region
        sh = Image.new("L", out_size, 255)
        d = ImageDraw.Draw(sh)
        x0 = rng.uniform(0.3, 0.6) * W
        slope = rng.uniform(-0.4, 0.4) * W
        pts2 = [(x0, 0), (x0 + slope, H), (W, H), (W, 0)] if rng.random() < 0.5 else [(0, 0), (x0, 0), (x0 + slope, H), (0, H)]
        d.polygon(pts2, fill=rng.randrange(95, 140))
        sh = sh.filter(ImageFilter.GaussianBlur(rng.uniform(2, 5)))
        bg = ImageChops.multiply(bg, Image.merge("RGB", [sh, sh, sh]))
    strength = rng.uniform(0.08, 0.2) if variant in ("light desk", "hard shadow") else rng.uniform(0.15, 0.35)
    img = lighting(rng, bg, strength)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
    img = add_noise(rng, img, rng.uniform(3, 6))
    return img, alpha_bbox(mask)


def world_features(card):
    """What the drawn card shows beyond the older kinds (after any shrinking), for `conditions`."""
    out = list(card.features)
    if card.name_title_inline:
        out.append(f"name{card.inline_sep.rstrip()} title")
    if card.degree_line:
        out.append("degree line")
    if card.department:
        out.append("department line")
    if card.address_sep:
        out.append("address with | separators")
    elif len(card.address_lines) >= 3:
        out.append(f"{len(card.address_lines)}-line address")
    if card.icons:
        out.append(f"{card.icons} icons" + (" and labels" if card.keep_labels else ""))
    if card.tagline:
        out.append("tagline")
    return out


def world_base(index):
    k = index - WORLD_FIRST_INDEX
    return WORLD_BASES[(k // len(WORLD_KINDS)) % len(WORLD_BASES)]


# Layouts the real checking cards showed (twenty-fifth session; found from aggregates of their
# lines' features, no card looked at): a name and an unlabelled phone number on one line; a
# seniority and function on the line above the role ("SENIOR SALES" / "MANAGER"); two business
# functions one under the other as the department; a company whose last company word is printed
# alone on the next line ("NOVA TECH" / "SERVICES"); a firm named as its webmail address is
# spelled ("Shree Ganesh" / "Textiles Pvt. Ltd." beside shreeganesh@gmail.com); a seniority
# glued to its role by a dot ("Sr.Executive-Accounts"). From this index on only, each drawn
# from its own stream, so every image before it stays byte for byte the same.
REAL_LAYOUTS_FIRST_INDEX = 1620
REAL_LAYOUTS = ["name and phone on one line", "seniority above the role", "two function lines",
                "company word alone below", "firm named as its e-mail", "seniority glued by a dot"]
SENIORITIES = ["Senior", "Deputy", "Assistant", "Chief", "Junior", "Regional"]
FUNCTIONS = ["Sales", "Marketing", "Accounts", "Purchase", "Operations", "Finance", "Business Development"]
FUNCTION_ROLES = ["Manager", "Executive", "Officer", "Engineer", "Analyst"]
DEPARTMENT_PAIRS = [("Corporate Communications", "Investor Relations"), ("Business Development", "Strategic Sourcing"),
                    ("Human Resources", "Training & Development"), ("Supply Chain", "Logistics Planning"),
                    ("Sales & Marketing", "Customer Service")]
COMPANY_WORD_PAIRS = [("TECH", "SERVICES"), ("INFO", "SOLUTIONS"), ("AGRO", "INDUSTRIES"), ("DIGITAL", "SOLUTIONS"),
                      ("ENGINEERING", "WORKS"), ("TRADING", "COMPANY")]
FIRM_TRADES = ["Textiles", "Traders", "Electricals", "Enterprises", "Hardware", "Motors"]


def apply_real_layout(card, v, kind):
    """Gives `card` one of REAL_LAYOUTS (or none) from the stream `v`; the truth follows."""
    if v.random() < 0.4 or not card.name:
        return
    layout = v.choice(REAL_LAYOUTS)
    if kind == "institution" and layout in ("seniority above the role", "seniority glued by a dot"):
        return
    if layout == "name and phone on one line":
        if card.name_title_inline or not card.phones or len(card.name) > 24:
            return
        p = next((p for p in card.phones if p.kind == "mobile"), card.phones[0])
        p.label, p.kind = "", "other"
        card.name_phone = p
    elif layout == "seniority above the role":
        function = v.choice(FUNCTIONS)
        lines = [f"{v.choice(SENIORITIES)} {function}", v.choice(FUNCTION_ROLES)]
        if v.random() < 0.5:
            lines = [t.upper() for t in lines]
        card.title_lines, card.name_title_inline = lines, False
    elif layout == "two function lines":
        card.department_lines = list(v.choice(DEPARTMENT_PAIRS))
        card.department = " ".join(card.department_lines)
    elif layout == "company word alone below":
        if card.wordmark or card.legal_line or kind == "institution":
            return
        first, second = v.choice(COMPANY_WORD_PAIRS)
        host = card.emails[0].split("@")[-1] if card.emails else ""
        brand = (host.split(".")[0] if host and host not in sum(MAIL_HOSTS.values(), []) else brand_word(v)).upper()
        card.company_lines = [f"{brand} {first}", second]
        card.company = " ".join(card.company_lines)
    elif layout == "firm named as its e-mail":
        if card.wordmark or card.legal_line or kind != "indian":
            return
        head = f"{v.choice(['Shree', 'Sri', 'Jai', 'New'])} {v.choice(['Ganesh', 'Balaji', 'Krishna', 'Laxmi', 'Sai'])}"
        card.company_lines = [head, f"{v.choice(FIRM_TRADES)} {v.choice(['Pvt. Ltd.', 'Private Limited'])}"]
        card.company = " ".join(card.company_lines)
        card.emails = [f"{world_slug(head)}@{v.choice(['gmail.com', 'yahoo.co.in', 'rediffmail.com'])}"]
        card.websites = []
    else:
        card.title_lines = [f"{v.choice(['Sr.', 'Asst.', 'Dy.'])}{v.choice(FUNCTION_ROLES)}-{v.choice(FUNCTIONS[:5])}"]
        card.name_title_inline = False
    card.features.append(layout)


# The title printed above the name ("Managing Director" / the name in larger type): the order of
# Japanese cards (the realcards tuning half's Japanese photos: 執行役員 ... over 乾 憲司) and of some
# others. A third of the romanised Japanese cards and one in eight of the other world kinds, from
# this index on only, each drawn from its own stream, so every image before it stays byte for
# byte the same.
TITLE_ABOVE_FIRST_INDEX = 7021


def apply_title_above(card, v, kind):
    """Prints the title above the name on some cards (the truth is the same)."""
    if (not card.name or not card.title_lines or card.name_title_inline or card.name_phone
            or kind == "institution"):
        return
    if v.random() < (0.35 if kind == "romaji" else 0.125):
        card.title_above_name = True
        card.features.append("title above the name")


# Cards that print neither an e-mail nor a web address (older cards, small trades): the realcards
# labels count 8 of 57 such cards in the tuning half and 13 of 59 in the checking half (a count
# of the labels, no card looked at); the world cards always printed an e-mail, so the company
# and the name always had the domain's evidence. One in five world cards, from this index on
# only, drawn from its own stream, so every image before it stays byte for byte the same.
NO_MAIL_FIRST_INDEX = 7621


def apply_no_mail(card, v):
    """Leaves the e-mail and web addresses off some cards (the truth follows)."""
    if v.random() < 0.2:
        card.emails, card.websites = [], []
        card.features.append("no e-mail or website")


def make_world_entry(seed, index, kind):
    """Returns (image bytes, extension, truth dict) for world image `index` of `kind`."""
    rng = random.Random(f"{seed}:{index}:{kind}")
    base = world_base(index)
    card = make_world_card(rng, kind)
    if index >= REAL_LAYOUTS_FIRST_INDEX:
        apply_real_layout(card, random.Random(f"{seed}:{index}:{kind}:real-layouts"), kind)
    if index >= TITLE_ABOVE_FIRST_INDEX:
        apply_title_above(card, random.Random(f"{seed}:{index}:{kind}:title-above"), kind)
    if index >= NO_MAIL_FIRST_INDEX:
        apply_no_mail(card, random.Random(f"{seed}:{index}:{kind}:no-mail"))
    img, layout = render_world_card(card, rng, rng.choice(WORLD_LAYOUTS))
    conditions = [base, f"layout {layout}"] + world_features(card)
    W, H = img.size
    if base == "clean":
        data, ext, bbox = png_bytes(img), "png", [0, 0, W, H]
    elif base == "scan":
        page, bbox = make_scan(rng, img)
        data, ext = jpeg_bytes(page, rng.randrange(82, 90)), "jpg"
    else:
        variant = photo_variant(index)
        conditions.append(variant)
        page, bbox = make_world_photo(rng, img, variant)
        data, ext = jpeg_bytes(page, rng.randrange(76, 86)), "jpg"
    truth = {"cards": [card.truth(bbox)], "kind": kind, "languages": card.lang, "conditions": conditions}
    return data, ext, truth


# ---------------------------------------------------------------------------------------------
# Broken inputs

def png_chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def make_bomb(side=30000):
    """A complete, valid 1-bit greyscale PNG of side x side black pixels (~110 KB on disk: deflate
    cannot compress better than about 1000:1, so a valid 30000x30000 PNG is never a few KB)."""
    row = b"\x00" * (1 + (side + 7) // 8)
    comp = zlib.compressobj(9)
    parts = [comp.compress(row * 1000) for _ in range(side // 1000)]
    parts.append(comp.compress(row * (side % 1000)))
    parts.append(comp.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", b"".join(parts)) + png_chunk(b"IEND", b"")


def write_broken(out, seed):
    d = out / "broken"
    d.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}:broken")
    card = make_latin_card(rng)
    img = render_card(card, rng, 1.0)
    jpg, png = jpeg_bytes(img, 85), png_bytes(img)
    files = {
        "empty.jpg": b"",
        "truncated.jpg": jpg[: len(jpg) // 2],
        "truncated.png": png[: len(png) // 2],
        "not-an-image.jpg": b"This is a text file with a .jpg name, not an image.\n"
                            b"cardscan must refuse it as unsupported (detected from the first bytes).\n",
        "garbage.png": b"\x89PNG\r\n\x1a\n" + rng.randbytes(4096),
        "bomb.png": make_bomb(),
    }
    for name, data in files.items():
        (d / name).write_bytes(data)
    return files


# ---------------------------------------------------------------------------------------------

SAMPLES = [  # (file stem, kind, overrides)
    ("clean", "clean", {"vertical": False}),
    ("photo", "photo", {"mix": False}),
    ("scan", "scan", {"vertical": False, "mix": False}),
    ("chinese", "chinese", {"base": "clean", "vertical": False, "mix": False}),
    ("rotated-90", "rotated", {"turn": 90, "vertical": False, "mix": False}),
    ("flatbed", "flatbed", {"n": 4}),
    ("qr-vcard", "clean", {"vertical": False, "qr": "vcard"}),
    ("traditional", "traditional", {"base": "clean", "vertical": False, "mix": False}),
]


def clear_generated(d, patterns):
    if d.exists():
        for pat in patterns:
            for p in d.glob(pat):
                p.unlink()


def write_json(path, obj):
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="TestImages", help="output directory (default TestImages)")
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT,
                    help=f"number of images in OUT/cards (default {DEFAULT_COUNT}, the committed set)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    ap.add_argument("--first", type=int, default=0,
                    help="draw images from this index on (0-based; default 0): `--out DIR --first 1020 "
                         "--count 1220` gives images 1021-1220, the same as in a set of 1220")
    args = ap.parse_args()
    if not 0 <= args.first < args.count:
        ap.error(f"--first {args.first}: expected 0 <= FIRST < COUNT ({args.count})")
    check_fonts()
    out = Path(args.out)
    cards_dir, samples_dir = out / "cards", out / "samples"
    for d in (cards_dir, samples_dir):
        clear_generated(d, ["*.png", "*.jpg", "*.truth.json"])
        d.mkdir(parents=True, exist_ok=True)
    clear_generated(out / "broken", ["*"])

    stats = {}
    total_cards = 0
    for i in range(args.first, args.count):
        kind = kind_for(i)
        data, ext, truth = (make_world_entry if kind in WORLD_KINDS + ["institution"] else make_entry)(
            args.seed, i, kind)
        check_truth(truth, data)
        stem = f"{i + 1:03d}-{kind}"
        (cards_dir / f"{stem}.{ext}").write_bytes(data)
        write_json(cards_dir / f"{stem}.truth.json", truth)
        s = stats.setdefault(kind, {"images": 0, "cards": 0, "bytes": 0})
        s["images"] += 1
        s["cards"] += len(truth["cards"])
        s["bytes"] += len(data)
        total_cards += len(truth["cards"])
        print(f"{stem}.{ext}  {len(data) // 1024} KB", file=sys.stderr)
    for j, (stem, kind, force) in enumerate(SAMPLES):
        data, ext, truth = make_entry(args.seed, SAMPLE_FIRST_INDEX + j, kind, force)
        check_truth(truth, data)
        (samples_dir / f"{stem}.{ext}").write_bytes(data)
        write_json(samples_dir / f"{stem}.truth.json", truth)
    write_broken(out, args.seed)
    write_readme(out, args, stats, total_cards)
    print(f"wrote {args.count - args.first} images ({total_cards} cards) to {cards_dir}, "
          f"{len(SAMPLES)} samples, broken inputs and README.md", file=sys.stderr)


def write_readme(out, args, stats, total_cards):
    rows = "\n".join(f"| `{k}` | {stats[k]['images']} | {stats[k]['cards']} | {KIND_DOC[k]} |"
                     for k in KINDS + CJK_KINDS + WORLD_KINDS + ["institution", "traditional"] if k in stats)
    n_images = sum(s["images"] for s in stats.values())
    total_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    text = README_TEMPLATE.format(rows=rows, n_images=n_images, n_cards=total_cards,
                                  count=args.count, seed=args.seed, total_mb=total_mb,
                                  default_count=DEFAULT_COUNT, default_seed=DEFAULT_SEED,
                                  cjk_first=CJK_FIRST_INDEX, cjk_next=CJK_FIRST_INDEX + 1,
                                  world_first=WORLD_FIRST_INDEX, world_next=WORLD_FIRST_INDEX + 1,
                                  more_count=DEFAULT_COUNT + 14)
    (out / "README.md").write_text(text, encoding="utf-8")


KIND_DOC = {
    "clean": "flat render at 300 DPI (3.5x2 in = 1050x600 px, 85x55 mm = 1004x650 px, ...), some vertical; PNG",
    "lowdpi": "rendered at 150 DPI (about 525x300 px); PNG; a few also turned by 90/180/270 degrees",
    "noisy": "300 DPI render, slight Gaussian blur, added noise, JPEG quality 25-50; a few also skewed",
    "rotated": "300 DPI render turned 90, 180 or 270 degrees counter-clockwise; PNG; a few at 150 DPI",
    "skewed": "rotated by 2-12 degrees either way on a white or light background; PNG (a few noisy JPEG)",
    "scan": "card at 200 DPI on an A4 or Letter scanner page (1654x2339 or 1700x2200), slight edge shadow; JPEG q82-89",
    "photo": "card on wood/fabric/desk/noise texture, perspective warp, rotation, lighting gradient and shadow; 1600x1200 JPEG",
    "flatbed": "2-4 cards on one 200-DPI scanner page, not touching, light or dark lid; JPEG q85",
    "chinese": "Simplified Chinese cards (about a third bilingual); two in three clean renders, every third one scan/photo/rotated/skewed/noisy/lowdpi in turn",
    "japanese": "Japanese cards (kanji and kana, Noto Sans CJK JP) from image 298 on, alternating with Korean ones: clean, scan, clean, photo in turn",
    "korean": "Korean cards (hangul, Noto Sans CJK KR) from image 298 on, alternating with Japanese ones: clean, scan, clean, photo in turn",
    "indian": "world card (image 310 on): Indian names with initials, `Dr.`, `CA`, surname first; Flat/Plot/H. No., `Near`/`Opp.` landmarks, PIN codes; +91 formats; degree lines",
    "brazilian": "world card: Brazilian names and Portuguese titles, shop cards without a person, services taglines; `(11) 9 9374-0268`; addresses with CEP, `|` separators",
    "turkish": "world card: `Firstname SURNAME`, bilingual titles `Genel Müdür / General Manager`, A.Ş./Ltd. Şti. or no legal form; `No: 12 Kat: 3`, `34394 Şişli / İstanbul`; `Gsm`, `Faks`; languages `Latin`",
    "vietnamese": "world card: Vietnamese names (also upper case), bilingual titles, Công ty TNHH / JSC; `Số 25 Lê Lợi, Phường 8, Quận 1`; `DĐ`, `ĐT`; languages `Latin`",
    "institution": "institution card (image 621 on, every fourth): universities, hospitals, institutes without a legal form; academic and clinical roles, often two, and a unit line; campus addresses with building, room or mail code; .edu/.ac.uk/.edu.au hosts, unit subdomains",
    "malay": "world card: Malaysian (`bin`/`binti`, Chinese-Malaysian) and Indonesian names, Malay/Indonesian titles; Sdn. Bhd., PT; `Jalan`, `Menara`, `Jl. ... Kav.`, `RT/RW`; `H/P`, `Telp.`",
    "romaji": "world card: Japanese cards in English: `TANAKA Kenji`, title with the department, `Co., Ltd.`/`CORPORATION`; `〒100-0005`, `1-2-3 Marunouchi, Chiyoda-ku, Tokyo`",
    "traditional": "traditional Chinese card of Taiwan (image 5421 on, every fifth): names, titles and units, "
                   "股份有限公司/有限公司/企業社, English name, title and company lines on half, addresses with a postcode "
                   "in front, `(02)2345-6789`, `0912-345-678`; photo, clean, photo, scan, photo in turn",
    "global": "world card: US/UK/Australian cards: `Prof. Dr.-Ing.`, `DPT, CSCS`, companies without a legal form (`... Group`, `THE ... COMPANY`), wordmarks, building lines in addresses",
}

README_TEMPLATE = """# TestImages

Synthetic business cards with the expected fields of every card, plus broken inputs. Everything
here is generated by `scripts/generate_cards.py`: the people, companies, addresses, e-mail
addresses and web sites are invented. No real card, photo or scan was used.

## Regenerate

From the repository root:

    scripts/generate-test-images

It installs the Debian packages (`scripts/install-deps --generator`), creates a virtualenv in
`.build/generator-venv` that sees Debian's Pillow, installs the pinned PyPI package
`phonenumbers` there (needed only to regenerate) and runs the generator with its defaults
(`--count {default_count} --seed {default_seed} --out TestImages`). The output is deterministic:
the same command on Debian 12 gives the same bytes. Every image draws from its own random stream
seeded by (seed, index, kind), so `--count {more_count}` keeps the first {default_count} images and adds more.
The generator replaces `cards/`, `samples/` and `broken/` and rewrites this README.

## Layout

- `cards/NNN-<kind>.<png|jpg>` and `cards/NNN-<kind>.truth.json`: {n_images} images holding
  {n_cards} cards (all of TestImages/: {total_mb:.0f} MB). Kinds repeat in the order of the table below (image 1 is `clean`, 2 `lowdpi`, ...) up to image {cjk_first}; from image {cjk_next} to {world_first} Japanese and Korean cards alternate; from image {world_next} on the seven "world" kinds take turns (`indian`, `brazilian`, `turkish`, `vietnamese`, `malay`, `romaji`, `global`).
- World cards (images {world_next} on; issue 9): what real cards show and the kinds above lack.
  The real cards of the project's tuning set were looked at for what they have in common (no
  image, name, company or text of theirs is used): names of many cultures (Turkish `Ayşe
  YILDIRIM`, Vietnamese, Indian initials `K. S. REDDY`, `CA ...`, surname first, romanised
  Japanese `TANAKA Kenji`, Brazilian, Malay `... bin ...`, Indonesian), academic prefixes and
  suffixes (`Prof. Dr.-Ing.`, `Dipl.-Ing.`, `DPT, CSCS`) and stand-alone degree lines; the title
  after a dash, en dash, comma or bar on the name line; bilingual titles (`Genel Müdür / General
  Manager`); companies on two lines or without a legal form (`... Group`, `... Travel`, `THE ...
  COMPANY`), a wordmark beside a descriptor or apart from the legal name, taglines; icons drawn
  before contact lines (outline, in a disc, or the glyphs ☎ ✆ ✉ ⊕ ⚲); light text on a coloured
  band or panel, dark cards and grey cards; several-line addresses of India (`Flat No.`, `Near
  ...`, PIN codes), Brazil (`CEP`, `|` separators), Turkey, Vietnam, Malaysia, Indonesia and Japan
  (`〒`); local phone formats and labels (`Mob`, `Cel.`, `Gsm`, `DĐ`, `H/P`); e-mail at a
  webmail host. Their base treatment follows the round: clean, photo, clean, scan, photo, clean,
  photo; photos take turns through `light desk` (white card on a light desk), `fills frame`,
  `hard shadow`, `16:9` (1920x1080), `9:16` (1080x1920) and `dark glossy`, and from image 1221 on
  also `off edge` and `off corner` (a photo that fills the frame cuts the card at one edge or at a
  corner, 1-3% of the card beyond it, none of its text). `conditions` lists the base, the layout
  and every feature of the card. They carry no QR code.
- `samples/`: eight images for the README's demo, with truth files: `clean.png`, `photo.jpg`,
  `scan.jpg`, `chinese.png`, `rotated-90.png` (turned 90 degrees), `flatbed.jpg` (four cards),
  `qr-vcard.png` (a card with a vCard QR code), `traditional.png` (a traditional Chinese card
  from Taiwan).
- QR codes: about a quarter of the cards of images after 261 carry a QR code in an empty part of
  the card (python3-qrcode, error correction M): a vCard 3.0/4.0 or a MeCard whose content equals
  the card's truth, or only the card's website as a URL. Their `conditions` say which (`QR vCard`,
  `QR MeCard`, `QR URL`; `card 2: QR URL` on flatbed pages). They draw from their own random stream
  (seed, index, `qr`), so images 1-261 are the same bytes as before QR codes existed.
- `heic/clean.heic`: `samples/clean.png` as an iPhone would store it, made with Debian's
  `heif-enc` (libheif-examples 1.15.1): `heif-enc -q 90 -o TestImages/heic/clean.heic
  TestImages/samples/clean.png` (SHA-256 `7b7cd8670fe9c5dde083c07fc53407a81f7ed2b7959505740fe8627ad817f57c`).
  HEIC input goes through libheif (`Sources/CHeif`).
- `broken/`: inputs that must fail cleanly:
  - `empty.jpg`: 0 bytes.
  - `truncated.jpg`, `truncated.png`: a real card image cut off at half its bytes.
  - `not-an-image.jpg`: a text file.
  - `garbage.png`: a PNG signature followed by 4 KiB of random bytes.
  - `bomb.png`: a complete, valid 1-bit PNG whose header declares 30000x30000 pixels
    (900 megapixels) in about 110 KB. Reject it from the header (`pixReadHeader`) before decoding.

| kind | images | cards | how it is made |
|---|---|---|---|
{rows}

## Truth files

`<stem>.truth.json` beside each image (stem = file name without extension), in the `TruthFile`
format of `Sources/CardModel/Truth.swift`:

```json
{{"cards": [{{"name": "Dr. Jürgen Müller", "title": "Senior Vice President Global Operations",
            "department": null, "company": "Rheinwerk Technik GmbH",
            "address": "Hauptstraße 12, 10115 Berlin, Germany",
            "phones": [{{"value": "+49 30 23125123", "e164": "+493023125123", "kind": "work"}}],
            "emails": ["j.mueller@rheinwerk.de"], "websites": ["www.rheinwerk.de"],
            "bbox": [0, 0, 1004, 650]}}],
 "kind": "clean", "languages": "eng"}}
```

Conventions the evaluation must know:

- Values are exactly the printed text without labels: `Tel: +1 415-555-0123` gives value
  `+1 415-555-0123`. Labels and separators (`Tel:`, `T.`, `M |`, `电话：`, `地址：`, `E-mail:`,
  `Web:`) are never part of a value. Absent single fields are `null`; absent lists are `[]`.
- `name` is the whole printed name line including honorifics and degrees (`Prof. Dr. ...`,
  `..., PhD`, `... MBA`), in the printed case (some cards print names in CAPITALS, and Japanese
  and Chinese names in Latin script are sometimes printed `TANAKA Yuki`).
- `Name | Title` on one line: the name is the text before ` | `, the title the text after it;
  world cards also print `Name - Title`, `Name – Title` and `Name, Title` (the separator is in
  neither). A comma inside a name (`Olivia Hayes, PhD`) belongs to the name.
- World cards: a bilingual title line (`Genel Müdür / General Manager`) is the title as printed;
  a stand-alone degree line under the name (`B.E., M.B.A.`) is in neither name nor title (as
  in the real cards' labels); a wordmark with a descriptor beside or under it (`zomi` / `Travel`)
  is the company `zomi Travel`; a wordmark printed apart from the company's legal name gives the
  legal name as the company; a company on two lines is joined with a single space; an address
  printed on one line with ` | ` between its parts keeps them (`Rua ..., 254 | Cep ... | Centro`).
  Icons before contact lines are not part of any value, and a phone's kind follows its label or,
  with no label, its icon (handset `work`, mobile phone `mobile`).
- A title printed on two lines is one title: its lines are joined with a single space.
- A multi-line address is joined with `", "`. Some cards print the same address on one line
  with `", "` between the parts, which gives the same value. Chinese, Japanese (`〒100-0005
  東京都...`) and Korean addresses are one line.
- `phones[].kind`: `work` for Tel/T/Phone/Office/Direct/电话, `mobile` for M/Mob/Mobile/Cell/手机,
  `fax` for Fax/F/传真; an unlabeled number by its number type (`phonenumbers`), as the real
  cards' labels do: `mobile` in a mobile range, else `work` (a US/CA number, mobile or not).
  `e164` is computed with `phonenumbers`; every number is valid for its region, and a nationally
  formatted number is always on a card of that country (its address, when printed, is in that
  country). Two numbers may share a printed line (`T: ...   M: ...`).
- Bilingual Chinese cards: the truth holds the Chinese name, title and company. The English
  company line (`Shenzhen Huaxin Technology Co., Ltd.`) and English title line under the Chinese
  ones are translations and are not in the truth; bilingual labels read `电话 Tel：`.
- Text not in the truth: logo initials in a shape (`AC`), taglines (`Since 1987`), the English
  translation lines above. An extractor that returns them as a field is wrong.
- `bbox` is `[x, y, width, height]` in the image's pixels: the axis-aligned box of the card's
  pixels (for a warped or rotated card, of its corners). A whole-image card has
  `[0, 0, width, height]`.
- Multi-card pages list cards row by row from the top, left to right within a row. Cards in
  one row always overlap vertically and cards in different rows never do, so a card in a row
  may start a little higher than the card to its left and still come after it: sorting boxes by
  their top edge alone is not the truth order. Match cards to the truth by box overlap.
- `languages` is `eng`, or `chi_sim+eng` when any card on the image has Chinese text, `jpn+eng`
  on Japanese, `kor+eng` on Korean cards, `chi_tra+eng` on the traditional Chinese sample and
  `Latin` (Tesseract's Latin-script model) on Turkish and Vietnamese world cards.
- Phone numbers of the US, Canada, the UK (fixed lines), Germany (fixed lines in Berlin,
  Frankfurt, Hamburg, Köln), France (fixed lines) and Australia (fixed lines, some mobiles) are
  taken from the blocks regulators publish for drama and fiction, as far as the author knows;
  the others are random numbers that are merely valid, so do not dial them.
- `conditions` (extra key, ignored by `TruthFile`) lists what else was done to the image:
  `rotated 90 ccw`, `skewed +5.2 ccw`, `jpeg q31`, `150 dpi`, `vertical card`, `3 cards`,
  `dark lid`; for `chinese` the
  first entry is the base treatment (`clean`, `scan`, `photo`, ...). Rotations are
  counter-clockwise in degrees: a card `rotated 90 ccw` needs 90 degrees clockwise to read.

## Sizes

The smallest text is about 22 px high at 300 DPI (7 pt), 11 px on `lowdpi` (150 DPI) and
about 15 px on scanner pages (200 DPI). The name is the largest text on a person's card (the
company on a company-only card), apart from the initials inside a logo shape on some cards.
E-mail addresses and web sites are lower case. Cards are US size
(3.5x2 in), ISO 85x55 mm, Japanese 91x55 mm or Chinese 90x54 mm depending on the country.

## Fonts and licenses

All fonts come from Debian 12 packages (installed by `scripts/install-deps --generator`):

| font | Debian 12 package (version used) | license (from /usr/share/doc/PACKAGE/copyright) |
|---|---|---|
| DejaVu Sans, Sans Condensed, Serif | fonts-dejavu-core, fonts-dejavu-extra (2.37-6) | Bitstream Vera license; DejaVu changes public domain |
| Liberation Sans, Serif, Mono | fonts-liberation2 (2.1.5-1) | SIL Open Font License 1.1 |
| Noto Sans, Noto Serif | fonts-noto-core (20201225-1) | SIL Open Font License 1.1 |
| WenQuanYi Zen Hei | fonts-wqy-zenhei (0.9.45-8) | GPL-2 with font embedding exception (some glyphs M+ FONTS License) |
| Noto Sans CJK JP, KR, TC; Noto Serif CJK TC | fonts-noto-cjk (1:20220127+repack1-1) | SIL Open Font License 1.1 |

Drawn with Pillow 9.4 (python3-pil). The images are rendered output of this project's script;
they contain no third-party pictures. A different Pillow, font or libjpeg version renders
slightly different pixels; the truth files stay valid because they are written from the drawn
values and the measured card positions, never from a fixed list.

## Checking

`scripts/check_test_images.py` validates every truth file (keys, boxes inside the image,
numbers valid with the recorded E.164) and, with `--ocr`, prints how many truth tokens plain
`tesseract --psm 11` finds per image, a quick check that the text is legible. On the committed
set plain Tesseract 5.3 (Debian's fast models) found this share of the truth tokens: `clean` 94%,
`scan` 96%, `noisy` 93%, `flatbed` 92%, `lowdpi` 85%, `photo` 59%, `skewed` 56%, `chinese` 84%
(93% on its clean renders, with `-l chi_sim+eng`) and `rotated` 0%. The low numbers are the point of those kinds: they need the pipeline's
orientation, deskew and card-finding steps.
"""

if __name__ == "__main__":
    main()
