"""Fixed ingredients of the demo network: places, organisations, jobs, interests and words.

Every organisation here is invented, though many carry real English place names. ODS codes
start with ``ZZ`` so they cannot be mistaken for real ones.
"""

from __future__ import annotations

from typing import NamedTuple

from groundswell.people.models import OrganisationKind, Profession, Region


def _rows(text: str) -> list[list[str]]:
    """Split a text table into cells: one row a line, cells divided by ``|``."""
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


class Org(NamedTuple):
    key: str
    name: str
    kind: str
    region: str
    ods_code: str = ""


def _table(text: str) -> list[Org]:
    """Read the organisations table; a ``[kind]`` line starts the rows of that kind."""
    orgs, kind = [], ""
    for line in text.strip().splitlines():
        if line.startswith("["):
            kind = OrganisationKind(line[1 : line.index("]")])
            continue
        key, name, region, ods_code = (cell.strip() for cell in line.split("|"))
        orgs.append(Org(key, name, kind, Region(region), ods_code))
    return orgs


ENGLISH_REGIONS = [
    Region.NORTH_EAST_YORKSHIRE,
    Region.NORTH_WEST,
    Region.MIDLANDS,
    Region.EAST_OF_ENGLAND,
    Region.LONDON,
    Region.SOUTH_EAST,
    Region.SOUTH_WEST,
]

# The 34 local cancer networks whose lead nurse, lead doctor and manager form the core of the
# National Cancer Leads Network.
LOCAL_CANCER_NETWORKS: list[tuple[str, str]] = [
    (Region(region), name)
    for region, name in _rows(
        """
north_east_yorkshire | Tyne and Wear
north_east_yorkshire | Durham and Tees Valley
north_east_yorkshire | Humber and Coast
north_east_yorkshire | West Yorkshire Dales
north_east_yorkshire | South Yorkshire
north_west           | Cumbria and Lakes
north_west           | Lancashire and Fylde
north_west           | Greater Manchester East
north_west           | Mersey and Wirral
north_west           | Cheshire Plains
midlands             | Black Country
midlands             | Birmingham and Solihull
midlands             | Coventry and Warwickshire
midlands             | Derbyshire Peaks
midlands             | Nottingham and Trent
midlands             | Leicester and Rutland
east_of_england      | Norfolk and Waveney
east_of_england      | Cambridgeshire Fens
east_of_england      | Essex Estuaries
east_of_england      | Hertfordshire and Chilterns
london               | North Central London
london               | North East London
london               | South East London
london               | South West London
london               | West London
south_east           | Kent and Medway
south_east           | Surrey Downs
south_east           | Sussex Coast
south_east           | Thames Valley
south_east           | Hampshire and Solent
south_west           | Devon and Cornwall Peninsula
south_west           | Somerset and Avon
south_west           | Dorset
south_west           | Gloucestershire and Severn
"""
    )
]


ORGANISATIONS: list[Org] = _table(
    """
[nhs_trust] NHS trusts: two acute trusts per region, plus two community trusts that run prison healthcare.
trust_tyne               | Tyne and Tees Teaching Hospitals NHS Foundation Trust   | north_east_yorkshire | ZZT01
trust_humber             | Humber Coast Hospitals NHS Trust                        | north_east_yorkshire | ZZT02
trust_pennine            | Pennine Lakes University Hospitals NHS Foundation Trust | north_west           | ZZT03
trust_mersey             | Mersey Valley Hospitals NHS Trust                       | north_west           | ZZT04
trust_central            | Central Midlands University Hospitals NHS Trust         | midlands             | ZZT05
trust_trent              | Trent Valley Healthcare NHS Foundation Trust            | midlands             | ZZT06
trust_fenland            | Fenland and Waveney Hospitals NHS Foundation Trust      | east_of_england      | ZZT07
trust_essex              | Essex Estuary Hospitals NHS Trust                       | east_of_england      | ZZT08
trust_north_thames       | North Thames University Hospitals NHS Foundation Trust  | london               | ZZT09
trust_riverside          | South London Riverside NHS Trust                        | london               | ZZT10
trust_downs              | Downs and Weald Hospitals NHS Foundation Trust          | south_east           | ZZT11
trust_solent             | Solent Coast Healthcare NHS Trust                       | south_east           | ZZT12
trust_peninsula          | Peninsula and Moors Hospitals NHS Foundation Trust      | south_west           | ZZT13
trust_severn             | Severn Vale University Hospitals NHS Trust              | south_west           | ZZT14
trust_northern_community | Northern Community Health NHS Trust                     | north_west           | ZZT15
trust_southern_community | Southern Community and Justice Health NHS Trust         | south_east           | ZZT16
[icb] Integrated care boards, one per region.
icb_ney                  | NHS Tyne, Tees and Humber Integrated Care Board         | north_east_yorkshire | ZZQ01
icb_nw                   | NHS Lancashire and Lakes Integrated Care Board          | north_west           | ZZQ02
icb_mid                  | NHS Black Country and Trent Integrated Care Board       | midlands             | ZZQ03
icb_east                 | NHS Fens and Broads Integrated Care Board               | east_of_england      | ZZQ04
icb_london               | NHS North Thames Integrated Care Board                  | london               | ZZQ05
icb_se                   | NHS Downs and Solent Integrated Care Board              | south_east           | ZZQ06
icb_sw                   | NHS Peninsula and Severn Integrated Care Board          | south_west           | ZZQ07
[gp_practice] GP practices.
gp_priory                | Priory Lane Surgery                                     | north_east_yorkshire | ZZP101
gp_moorside              | Moorside Health Centre                                  | north_east_yorkshire | ZZP102
gp_wearmouth             | Wearmouth Family Practice                               | north_east_yorkshire | ZZP103
gp_castle                | Castle Street Surgery                                   | north_west           | ZZP201
gp_lakeland              | Lakeland Fells Medical Group                            | north_west           | ZZP202
gp_beacon                | Beacon View Practice                                    | north_west           | ZZP203
gp_church                | Church Road Medical Centre                              | midlands             | ZZP301
gp_forge                 | Forge Lane Surgery                                      | midlands             | ZZP302
gp_sherwood              | Sherwood Vale Practice                                  | midlands             | ZZP303
gp_canal                 | Canal Side Health Partnership                           | midlands             | ZZP304
gp_broadland             | Broadland Medical Practice                              | east_of_england      | ZZP401
gp_fen_edge              | Fen Edge Surgery                                        | east_of_england      | ZZP402
gp_harbour               | Harbour Road Practice                                   | east_of_england      | ZZP403
gp_bow                   | Bow Common Health Centre                                | london               | ZZP501
gp_brixton               | Brixton Hill Group Practice                             | london               | ZZP502
gp_kilburn               | Kilburn Park Medical Centre                             | london               | ZZP503
gp_walthamstow           | Walthamstow Green Surgery                               | london               | ZZP504
gp_oast                  | Oast House Surgery                                      | south_east           | ZZP601
gp_weald                 | Weald View Practice                                     | south_east           | ZZP602
gp_chalk                 | Chalk Hill Medical Group                                | south_east           | ZZP603
gp_tamar                 | Tamar Valley Surgery                                    | south_west           | ZZP701
gp_clifton               | Clifton Down Practice                                   | south_west           | ZZP702
gp_quantock              | Quantock Health Centre                                  | south_west           | ZZP703
[charity] Charities.
charity_bright           | Bright Horizons Cancer Support                          | national             |
charity_carers           | Carers Together                                         | national             |
charity_open_gate        | Open Gate Justice and Health                            | national             |
charity_meadowbank       | Meadowbank Hospice                                      | midlands             |
charity_mosaic           | Mosaic Community Health Trust                           | london               |
charity_fens             | Friends of the Fens Cancer Care                         | east_of_england      |
[royal_college] Royal colleges.
college_primary          | Royal College of Primary Care                           | national             |
college_nursing          | Royal College of Cancer Nursing                         | national             |
[university] Universities.
uni_humber               | Humber University                                       | north_east_yorkshire |
uni_pennines             | University of the Pennines                              | north_west           |
uni_fenland              | Fenland University                                      | east_of_england      |
uni_thames               | Thames University                                       | london               |
uni_tamar                | Tamar University                                        | south_west           |
[government] Government: the national teams ("the centre").
gov_cancer               | National Cancer Programme                               | national             |
gov_dhc                  | Department for Health and Care                          | national             |
gov_justice              | National Health and Justice Team                        | national             |
[prison] Prisons.
prison_northmoor         | HMP Northmoor                                           | north_east_yorkshire |
prison_wharfside         | HMP Wharfside                                           | north_west           |
prison_castlegate        | HMP Castlegate                                          | midlands             |
prison_saltings          | HMP Saltings                                            | east_of_england      |
prison_riverbank         | HMP Riverbank                                           | london               |
prison_ridgeway          | HMP Ridgeway                                            | south_east           |
[local_authority] Local authorities.
la_dales                 | Dales and Moors District Council                        | north_east_yorkshire |
la_riverford             | Riverford City Council                                  | north_west           |
la_trentside             | Trentside City Council                                  | midlands             |
la_fenshire              | Fenshire County Council                                 | east_of_england      |
la_southbank             | London Borough of Southbank                             | london               |
la_wealdshire            | Wealdshire County Council                               | south_east           |
la_kingsmoor             | Kingsmoor Council                                       | south_west           |
[patient_group] Patient groups.
pg_northern              | Northern Cancer Voices                                  | north_east_yorkshire |
pg_pennine               | Pennine Patients' Forum                                 | north_west           |
pg_midlands              | Midlands Cancer Patient Panel                           | midlands             |
pg_london                | London Cancer Community Voices                          | london               |
pg_peninsula             | Peninsula Patient Partners                              | south_west           |
[other] The team that runs Groundswell itself.
groundswell              | Groundswell Support Team                                | national             |
"""
)

ACUTE_TRUSTS = tuple(org.key for org in ORGANISATIONS if org.key.startswith("trust_") and "community" not in org.key)
COMMUNITY_TRUSTS = ["trust_northern_community", "trust_southern_community"]


class Archetype(NamedTuple):
    """A kind of person: how many, their profession, where they work and what they know."""

    key: str
    size: int
    profession: str
    org_prefixes: tuple[str, ...]
    titles: tuple[str, ...]
    expertise: tuple[str, ...]
    doctor_percent: int = 0


CANCER = ("Early diagnosis", "Cancer waiting times", "Personalised care", "Health inequalities")
ARCHETYPES: list[Archetype] = [
    Archetype(
        "gp",
        98,
        Profession.GP,
        ("gp_",),
        (
            "GP partner",
            "GP partner",
            "Salaried GP",
            "Salaried GP",
            "Cancer lead GP for the primary care network",
            "GP with an extended role in cancer care",
            "GP registrar",
            "Locum GP",
        ),
        (
            *CANCER,
            "Safety-netting",
            "Bowel screening",
            "Lung cancer",
            "Prostate cancer",
            "Skin cancer",
            "Palliative and end of life care",
            "Primary care networks",
            "Quality improvement",
            "Medical education",
            "Frailty",
        ),
        doctor_percent=70,
    ),
    Archetype(
        "practice_nurse",
        28,
        Profession.NURSE,
        ("gp_", "trust_northern_community", "trust_southern_community"),
        ("Practice nurse", "Advanced nurse practitioner", "District nurse", "Community nurse", "Nurse practitioner"),
        (
            "Cancer care reviews",
            "Screening uptake",
            "Wound care",
            "Palliative and end of life care",
            "Health inequalities",
        ),
    ),
    Archetype(
        "cancer_nurse",
        45,
        Profession.NURSE,
        ACUTE_TRUSTS,
        (
            "Clinical nurse specialist, lung cancer",
            "Clinical nurse specialist, breast cancer",
            "Clinical nurse specialist, colorectal cancer",
            "Clinical nurse specialist, haematology",
            "Acute oncology nurse",
            "Chemotherapy nurse",
            "Cancer care navigator",
            "Skin cancer nurse specialist",
            "Lead nurse for personalised care",
        ),
        (
            "Acute oncology",
            "Chemotherapy",
            "Personalised care",
            "Survivorship",
            "Prehabilitation",
            "Lung cancer",
            "Breast cancer",
            "Haematology",
            "Patient experience",
        ),
    ),
    Archetype(
        "hospital_doctor",
        33,
        Profession.HOSPITAL_DOCTOR,
        ACUTE_TRUSTS,
        (
            "Consultant medical oncologist",
            "Consultant clinical oncologist",
            "Consultant haematologist",
            "Consultant radiologist",
            "Consultant histopathologist",
            "Consultant colorectal surgeon",
            "Consultant respiratory physician",
            "Consultant in palliative medicine",
            "Specialty registrar in oncology",
        ),
        (
            "Acute oncology",
            "Radiotherapy",
            "Chemotherapy",
            "Genomics",
            "Lung cancer",
            "Haematology",
            "Clinical audit",
            "Diagnostic pathways",
            "Palliative and end of life care",
        ),
        doctor_percent=100,
    ),
    Archetype(
        "ahp",
        22,
        Profession.AHP,
        ACUTE_TRUSTS,
        (
            "Therapeutic radiographer",
            "Diagnostic radiographer",
            "Specialist dietitian, oncology",
            "Cancer rehabilitation physiotherapist",
            "Occupational therapist, palliative care",
            "Speech and language therapist, head and neck cancer",
        ),
        ("Prehabilitation", "Rehabilitation", "Radiotherapy", "Nutrition", "Survivorship", "Diagnostic pathways"),
    ),
    Archetype(
        "pharmacist",
        18,
        Profession.PHARMACIST,
        (*ACUTE_TRUSTS, "gp_"),
        (
            "Oncology pharmacist",
            "Primary care network pharmacist",
            "Lead pharmacist, cancer services",
            "Community pharmacist",
        ),
        ("Medicines optimisation", "Chemotherapy", "Oral anticancer medicines", "Early diagnosis", "Polypharmacy"),
    ),
    Archetype(
        "manager",
        32,
        Profession.MANAGER,
        ("trust_", "icb_"),
        (
            "Cancer services manager",
            "Head of cancer performance",
            "Service improvement lead",
            "Programme manager, cancer",
            "Operational manager, diagnostics",
            "Associate director of operations",
        ),
        (
            "Cancer waiting times",
            "Quality improvement",
            "Data and analytics",
            "Workforce development",
            "Diagnostic pathways",
            "Project management",
        ),
    ),
    Archetype(
        "commissioner",
        16,
        Profession.COMMISSIONER,
        ("icb_", "la_"),
        (
            "Cancer commissioning manager",
            "Senior commissioning manager",
            "Head of commissioning, primary care",
            "Public health commissioner",
        ),
        ("Commissioning", "Health inequalities", "Population health", "Screening uptake", "Contracting"),
    ),
    Archetype(
        "researcher",
        20,
        Profession.RESEARCHER,
        ("uni_",),
        (
            "Professor of primary care",
            "Senior lecturer in cancer nursing",
            "Research fellow",
            "Research fellow",
            "PhD student",
            "Health services researcher",
            "Reader in health economics",
        ),
        (
            "Research methods",
            "Qualitative research",
            "Health economics",
            "Evaluation",
            "Survivorship",
            "Early diagnosis",
            "Implementation science",
        ),
    ),
    Archetype(
        "charity",
        17,
        Profession.CHARITY_STAFF,
        ("charity_",),
        (
            "Support services manager",
            "Carer support worker",
            "Policy officer",
            "Volunteer coordinator",
            "Engagement lead",
            "Information and support nurse",
        ),
        ("Carers' support", "Patient experience", "Co-production", "Volunteering", "Policy and campaigning"),
    ),
    Archetype(
        "patient",
        24,
        Profession.PATIENT,
        ("pg_",),
        ("Member", "Patient representative", "Volunteer", "Trustee"),
        ("Lived experience of cancer", "Patient experience", "Co-production", "Peer support", "Health inequalities"),
    ),
    Archetype(
        "carer",
        17,
        Profession.CARER,
        ("pg_", "charity_carers"),
        ("Member", "Carer representative", "Volunteer"),
        ("Carers' support", "Lived experience of cancer", "Co-production", "Peer support"),
    ),
    Archetype(
        "prison_staff",
        30,
        Profession.OTHER,
        ("prison_",),
        (
            "Prison officer",
            "Prison officer",
            "Custodial manager",
            "Supervising officer",
            "Safer custody lead",
            "Head of reducing reoffending",
            "Deputy governor",
            "Governor",
        ),
        ("Offender health", "Safer custody", "Release planning", "Substance misuse", "Mental health"),
    ),
    Archetype(
        "prison_nhs",
        20,
        Profession.NURSE,
        ("trust_northern_community", "trust_southern_community"),
        (
            "Prison healthcare nurse",
            "Head of healthcare",
            "Mental health in-reach nurse",
            "Prison GP",
            "Prison pharmacist",
            "Substance misuse practitioner",
        ),
        ("Offender health", "Release planning", "Substance misuse", "Medicines optimisation", "Mental health"),
    ),
    Archetype(
        "local_authority",
        14,
        Profession.OTHER,
        ("la_",),
        (
            "Public health consultant",
            "Director of adult social care",
            "Social worker",
            "Housing officer",
            "Social prescribing link worker",
        ),
        ("Population health", "Housing and health", "Social prescribing", "Health inequalities", "Adult social care"),
    ),
    Archetype(
        "national",
        10,
        Profession.MANAGER,
        ("gov_",),
        (
            "Policy adviser",
            "Senior analyst",
            "Head of primary care policy",
            "Programme manager",
            "Deputy director",
            "Clinical adviser",
        ),
        ("Policy", "Data and analytics", "Commissioning", "Cancer waiting times", "Evaluation"),
    ),
    Archetype(
        "college",
        4,
        Profession.OTHER,
        ("college_",),
        ("Head of education", "Policy lead", "Head of professional standards"),
        ("Medical education", "Policy", "Workforce development"),
    ),
]

# Professions the prison-NHS archetype really covers, by title.
PRISON_NHS_PROFESSIONS = {"Prison GP": Profession.GP, "Prison pharmacist": Profession.PHARMACIST}

EXECUTIVE_TITLES = {
    "trust_": "Chief executive",
    "icb_": "Chief executive",
    "la_": "Chief executive",
    "charity_": "Chief executive",
}

ACCESS_NEEDS = [
    "Needs papers in large print (at least 16 point).",
    "BSL interpreter for meetings, please; I lip-read one to one.",
    "Uses a screen reader: send documents as Word or accessible PDF, not scanned images.",
    "Hard of hearing: please use the hearing loop, or live captions in online meetings.",
    "Wheelchair user: step-free access and an accessible toilet, please.",
    "Dyslexic: a short plain-language summary at the top of papers helps a great deal.",
    "Needs a break every hour; meetings longer than two hours are hard for me.",
    "Please send papers a week ahead so I can read them slowly.",
    "Prefers a phone call to a video meeting.",
    "Can only join meetings after 10am because of caring responsibilities.",
    "Please book travel in advance; I cannot pay up front and claim back.",
    "Needs a quiet room for prayer at midday on Fridays.",
    "Coeliac: gluten-free food at gatherings, please.",
    "Easily tired after treatment: online meetings suit me better than travelling.",
]

LEFT_REASONS = [
    "Retired.",
    "Moved to a new post outside cancer care.",
    "Too much on at work to keep up at the moment.",
    "Moved abroad.",
    "Changed career to public health.",
    "Going on parental leave.",
    "My role no longer covers this area.",
    "Found the emails too many; will come back to the gatherings.",
    "Started a PhD and need to focus on it.",
    "Stepping back for health reasons.",
    "",
]

REMOVED_REASONS = [
    "The account belonged to a shared practice mailbox, not a person.",
    "Duplicate account; the person's other account stays a member.",
    "No longer works in prison healthcare; asked to be removed by their manager.",
]

# What people waiting to join wrote, by the kind of person asking.
REQUEST_MESSAGES = {
    "cancer_nurse": "I'm a cancer nurse specialist hoping to become a lead one day, and would love to learn from you.",
    "manager": "I manage cancer services at our trust and the network's feedback would really help us.",
    "gp": "I'm a GP looking at how our practice handles urgent referrals. Could I join to listen and learn?",
    "prison_staff": "Our prison has just started a cancer screening pilot; I'd value the network's experience.",
    "prison_nhs": "I've just started in healthcare at our prison and was told this is the place to be.",
}

# What people who were let in wrote when they asked.
GENERIC_REQUEST_MESSAGES = [
    "A colleague suggested I join.",
    "I'd like to learn from what others are doing.",
    "Happy to share what we have learned locally.",
    "We met at the last conference and I'd like to keep in touch.",
]

BIO_OPENINGS: dict[str, list[str]] = {
    Profession.GP: [
        "GP in a busy practice for {years} years.",
        "I have been a GP at {org} since qualifying, and still enjoy it most days.",
        "Portfolio GP: three days in practice, two on cancer pathways for our primary care network.",
        "GP partner. Before medicine I was a pharmacist, which shapes how I think about medicines.",
    ],
    Profession.NURSE: [
        "Nurse for {years} years, most of them in cancer care.",
        "I work at {org} and started out on a surgical ward.",
        "Specialist nurse. I spend my days with people newly diagnosed and their families.",
        "I trained overseas and have nursed in England for {years} years.",
    ],
    Profession.HOSPITAL_DOCTOR: [
        "Consultant at {org}.",
        "Hospital doctor with {years} years in cancer services.",
        "I split my time between clinics, the multidisciplinary team meeting and research.",
    ],
    Profession.AHP: [
        "Allied health professional at {org}.",
        "I help people get ready for treatment and back on their feet after it.",
    ],
    Profession.PHARMACIST: ["Pharmacist at {org}.", "I look after medicines for people on cancer treatment."],
    Profession.MANAGER: [
        "Manager at {org}, mostly worrying about waiting times.",
        "I came into management from nursing {years} years ago.",
        "Operational manager. I like turning good ideas into things that work on a Monday morning.",
    ],
    Profession.COMMISSIONER: ["Commissioner at {org}.", "I plan and buy services for our local population."],
    Profession.RESEARCHER: [
        "Researcher at {org}.",
        "I study how people move between primary care and hospital when cancer is suspected.",
    ],
    Profession.CHARITY_STAFF: ["I work for {org}.", "Charity worker, previously a nurse."],
    Profession.PATIENT: [
        "I was treated for bowel cancer {years} years ago and now help services see things from the patient's side.",
        "Living with secondary cancer. I want services to be kinder and quicker.",
        "Retired teacher, treated for kidney cancer, and now a patient representative.",
        "I had lymphoma in my twenties and speak up for younger people with cancer.",
    ],
    Profession.CARER: [
        "I cared for my mother through lung cancer.",
        "Carer for my partner, who is living with myeloma.",
        "I look after my brother, who has a learning disability and is now having cancer treatment.",
    ],
    Profession.OTHER: [
        "I work at {org}.",
        "I have worked in public service for {years} years, mostly with people other services find hard to reach.",
    ],
}

BIO_INTERESTS = [
    "Particularly interested in {tag}.",
    "Happy to talk about {tag} with anyone.",
    "Keen to hear how others approach {tag}.",
    "Currently working on {tag}.",
    "Ask me about {tag}.",
]

BIO_EXTRAS = [
    "Outside work: allotment, choir and too many cups of tea.",
    "Runner, slowly.",
    "Happy to be contacted by phone.",
    "Parent of two teenagers, so I'm used to being ignored.",
    "Happy to mentor people new to the field.",
    "I volunteer with a local hospice.",
    "Always looking for people to test ideas with.",
    "",
    "",
    "",
]

# Where leads went after handing over: (title, kind of organisation by key prefix).
NEXT_POSTS = {
    "nurse": [
        ("Deputy chief nurse", "trust_"),
        ("Lead nurse for cancer", "icb_"),
        ("Senior lecturer in cancer nursing", "uni_"),
    ],
    "doctor": [("Medical director", "trust_"), ("Consultant oncologist", "trust_"), ("Clinical adviser", "gov_")],
    "manager": [
        ("Associate director of operations", "trust_"),
        ("Programme director", "gov_"),
        ("Head of transformation", "icb_"),
    ],
}

LEAD_TITLES = {
    "nurse": "Lead cancer nurse, {network} Cancer Network",
    "doctor": "Clinical lead, {network} Cancer Network",
    "manager": "Network manager, {network} Cancer Network",
}
