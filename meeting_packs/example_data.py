"""The example workspace's registers, drawn from the documents in ../shared/reference/.

Two boards: the Health and Wellbeing Board (`hwb`) meeting of 28 March 2019 and its
work programme, and the SEND Partnership Board (`sendpb`) meeting of 14 November 2019
with its membership, actions, the written statement of action (WSOA) and the
transformation plan's risks.

Sources, cited by line number in comments below:
  PACK     reference/hwb-agenda-pack-2019-03-28.txt
  MINUTES  reference/send-partnership-board-minutes-2019-11-14.txt

Text is as written in the reference; only line breaks from the PDF extraction are
joined.  Where the reference is silent (times, RAG ratings, risk scores) the value is
chosen and the comment says so.
"""

from __future__ import annotations

import datetime as dt

from .model import (Action, ActionStatus, GeneratedPaper, HistoryEntry, Meeting, Member,
                    MemberType, PlanItem, PlanStatus, Purpose, Registers, Risk, RiskStatus,
                    Strategy)

HWB = "hwb"
SEND = "sendpb"

D = dt.date
T = dt.time


# ---------------------------------------------------------------- meetings

# HWB start: "There is a Question Time of up to 30 minutes from 6:30pm – 7:00pm" (PACK 111),
# so meetings start at 18:30.  The end time, 21:00, is chosen: the pack gives none.
# The pack names no venue; the Guildhall is the council's usual committee venue.
HWB_VENUE = "Guildhall, Kingston upon Thames"
HWB_START, HWB_END = T(18, 30), T(21, 0)

SEND_VENUE = "Queen Anne Suite, Guildhall, High Street, Kingston KT1 1EU"  # MINUTES 5

PREVIOUS_SEND = D(2019, 9, 19)  # ASSUMED date: MINUTES 64 mentions "the last Partnership
#                                 Board in September" without a date.
SEND_NOV = D(2019, 11, 14)
SEND_JAN = D(2020, 1, 23)
HWB_NOV18 = D(2018, 11, 15)
HWB_MAR19 = D(2019, 3, 28)


def _meetings() -> tuple[Meeting, ...]:
    return (
        # PACK 21: "To confirm the minutes of the meeting held on 15 November 2018";
        # its times are assumed to be the board's usual ones.
        Meeting(HWB, HWB_NOV18, HWB_START, HWB_END, HWB_VENUE),
        Meeting(HWB, HWB_MAR19, HWB_START, HWB_END, HWB_VENUE),
        # Work programme, PACK 883-897.
        Meeting(HWB, D(2019, 6, 6), None, None, "",
                "Private member only workshop meeting (not open to the public)"),
        Meeting(HWB, D(2019, 9, 3), HWB_START, HWB_END, HWB_VENUE),
        Meeting(HWB, D(2019, 11, 19), HWB_START, HWB_END, HWB_VENUE),
        Meeting(HWB, D(2020, 1, 28), HWB_START, HWB_END, HWB_VENUE),
        Meeting(HWB, D(2020, 3, 17), HWB_START, HWB_END, HWB_VENUE),
        # ASSUMED: date, times and venue copied from the November meeting.
        Meeting(SEND, PREVIOUS_SEND, T(9, 30), T(11, 30), SEND_VENUE,
                "Date assumed: the minutes of 14 November 2019 refer to the last "
                "Partnership Board in September"),
        Meeting(SEND, SEND_NOV, T(9, 30), T(11, 30), SEND_VENUE),          # MINUTES 5
        Meeting(SEND, SEND_JAN, T(14, 0), T(16, 0), "Queen Anne Suite, Kingston"),  # MINUTES 74
    )


# ---------------------------------------------------------------- members

RBK = "Royal Borough of Kingston upon Thames"
AFC = "Achieving for Children"
KRCCG = "Kingston and Richmond Clinical Commissioning Groups"


def _send_members() -> tuple[Member, ...]:
    m = MemberType
    # Present list, MINUTES 7-33: name, initials, role, organisation as written.
    present = (
        ("Ian Thomas", "IT", "Chief Executive", RBK, m.CHAIR),
        ("Ian Dodds", "ID", "Managing Director", AFC, m.MEMBER),
        ("Charis Penfold", "CP", "Director for Education Services", AFC, m.MEMBER),
        ("Anna Chiva", "AC", "Associate Director for Special Educational Needs", AFC, m.MEMBER),
        ("Alison Danks", "AD", "Head of Integrated Health Services", AFC, m.MEMBER),
        ("Alison Twynam", "AT", "Director Children Social Care", AFC, m.MEMBER),
        ("Ashley Whittaker", "AW", "Programme Director", AFC, m.MEMBER),
        ("Grace Over", "GO", "Participation Officer for Children and Young People with SEND",
         AFC, m.OFFICER),
        ("Jo Sullivan-Lyons", "JSL", "Strategic Lead: Education Inclusion", AFC, m.MEMBER),
        ("Scott Gardner", "SG", "Senior Management Accountant - SEND", AFC, m.OFFICER),
        ("Sian Wicks", "SW", "Non-Executive Director", AFC, m.MEMBER),
        ("Wendy Bolsover", "WB", "Service Manager, SEND", AFC, m.MEMBER),
        ("Pauline Maddison", "PM", "Director of Children's Services", RBK, m.MEMBER),
        ("Sarah Ireland", "SI", "Director of Corporate and Commercial", RBK, m.MEMBER),
        ("Stephen Taylor", "ST", "Director of Adult Services and Community Housing", RBK,
         m.MEMBER),
        # The DfE adviser gives "support and challenge from a national perspective"
        # (PACK 1582): an observer rather than a partner.
        ("Brian Gale", "BG", "SEND Professional Adviser", "Department for Education",
         m.OBSERVER),
        ("Alison Stewart", "AS",
         "Designated Clinical Officer for Special Educational Needs & Disabilities", KRCCG,
         m.MEMBER),
        ("Doreen Redwood", "DR", "Lead Children's Health Commissioner", KRCCG, m.MEMBER),
        ("Martin Ellis", "ME", "Interim Director of Commissioning", KRCCG, m.MEMBER),
        ("Karen Long", "KL", "Service Lead, Frontline Services", "Your Healthcare", m.MEMBER),
        ("Leigh Edser", "LE", "Principal", "Dysart School", m.MEMBER),
        ("Peter Mayhew-Smith", "PMS", "Principal", "Kingston College", m.MEMBER),
        ("Rachel Nye", "RN", "Headteacher", "Tolworth Infant and Junior School", m.MEMBER),
        ("Sean Maher", "SM", "Headmaster", "Richard Challoner School", m.MEMBER),
        ("Stuart Sweeney", "SS", "Lay Member", "", m.MEMBER),
        # No role or organisation in the table; MINUTES 48: "IT introduced Julie Cordiner,
        # a School Funding Specialist".  She attends as a guest.
        ("Julie Cordiner", "JC", "School Funding Specialist", "", m.OBSERVER),
    )
    # Apologies list, MINUTES 36-45; initials derived from the name as the Present list
    # does ("Cllr" is a title, not a name).
    apologies = (
        ("Cllr Diane White", "DW", "Lead Member for Children's Services", RBK),
        ("Lucy Kourpas", "LK", "Director of Finance and Resources", AFC),
        ("Beverley Pass", "BP", "Parent Representative", "Parent Carer Forum"),
        ("Claire Deadman", "CD", "Nursery Manager", "One Nine Seven Early Years Nursery"),
        ("Iona Lidington", "IL", "Director of Public Health", RBK),
        ("Tonia Michaelides", "TM", "Managing Director", "Kingston & Richmond CCG"),
        ("Laura Smyth", "LS", "Chief Executive Officer", "Yorda Adventures"),
    )
    # The reference gives no e-mail addresses for SEND members.  These three are
    # INVENTED (example.org is reserved for examples) so that chasing action owners can
    # be tried without writing to anyone real.
    emails = {"ID": "ian.dodds@example.org", "AW": "ashley.whittaker@example.org",
              "NG": "ng@example.org"}
    members = [Member(SEND, n, i, r, o, t, emails.get(i, "")) for n, i, r, o, t in present]
    members += [Member(SEND, n, i, r, o, MemberType.MEMBER) for n, i, r, o in apologies]
    # "NG" owns an action in the Action column (MINUTES 64-65: re-sending the workforce
    # skills survey) but is named nowhere else in the minutes.  The action log needs an
    # owner who is a member, so NG is recorded with what the minutes tell us.
    members.append(Member(SEND, "NG (name not given in the minutes)", "NG",
                           "Workforce lead (action owner)", "", MemberType.OFFICER,
                           emails["NG"]))
    return tuple(members)


def _hwb_members() -> tuple[Member, ...]:
    # The pack has no membership list: these are the members it identifies, by role
    # where it gives no name.  Initials for unnamed members are made from the role.
    return (
        # "Urgent Items Authorised by the Co-Chair" (PACK 61), "considered by the
        # Co-Chairs" (PACK 887); the Leader is the portfolio holder for the board's own
        # reports (PACK 126, 9547).  The health co-chair is not identified in the pack.
        Member(HWB, "Leader of the Council", "LC",  # named by role: the pack gives no name
               "Leader of the Council", RBK, MemberType.CO_CHAIR),
        # Portfolio holder for the SEND reports, PACK 1010 and 7035.
        Member(HWB, "Portfolio Holder for Children's Services",  # named by role, as above
               "PHCS", "Portfolio Holder for Children's Services", RBK, MemberType.MEMBER),
        # PACK 9560-9562: the Director of Children's Services (Kingston) sits on the
        # Board; PACK 7201 (Appendix C) names Pauline Maddison as Director of Children's
        # Services (Appendix B, PACK 1377, says "Interim").
        Member(HWB, "Pauline Maddison", "PM", "Director of Children's Services", RBK,
               MemberType.MEMBER),
        # PACK 9566-9568: the Associate Director is "currently the named alternate for the
        # Director of Children's Services".
        Member(HWB, "Associate Director for Health Services, Protection and Early Help", "ADHS",
               "Associate Director for Health Services, Protection and Early Help", AFC,
               MemberType.SUBSTITUTE, substitute_for="Pauline Maddison"),
        # PACK 34: presents item 6.  ASSUMED to be the CCG's member of the Board.
        Member(HWB, "Julia Travers", "JT", "Director of Commissioning", "Kingston CCG",
               MemberType.MEMBER),
        # PACK 116-117 and 904-905 (the welcome page and the work programme).
        Member(HWB, "Marian Morrison", "MM", "Democratic Services Officer", RBK,
               MemberType.OFFICER, "marian.morrison@kingston.gov.uk"),
    )


# ---------------------------------------------------------------- forward plan

REPORT_A = "reports/Appendix A - Partners' Update and Work Programme.docx"
REPORT_B = "reports/Appendix B - SEND Transformation Plan.docx"
REPORT_C = "reports/Appendix C - Written Statement of Action.docx"
REPORT_D = "reports/Appendix D - Board Membership.docx"
REPORT_FILES = (REPORT_A, REPORT_B, REPORT_C, REPORT_D)


def _hwb_plan() -> list[PlanItem]:
    items = [
        # Agenda items 5-9, PACK 24-58; items 1-4, 10 and 11 are the board's standard items.
        PlanItem("HWB-P001", HWB, "Partners' Updates and Work Programme", HWB_MAR19,
                 Purpose.NOTE, lead="Leader of the Council (portfolio holder)",
                 author="Public Health, Adult Social Care, Growth (Planning and Regeneration), "
                        "Kingston CCG, Kingston Hospital NHS Foundation Trust, South West "
                        "London and St George’s Mental Health Trust, Voluntary Sector "
                        "(Kingston voluntary Action and Healthwatch)",  # PACK 123-126
                 report=REPORT_A, status=PlanStatus.RECEIVED,
                 recommendation="To note the updates and work programme", order=1),
        PlanItem("HWB-P002", HWB, "The Local Health and Care Plan - Verbal Update", HWB_MAR19,
                 Purpose.VERBAL, lead="Julia Travers, Director of Commissioning, Kingston CCG",
                 description="Julia Travers, Director of Commissioning, Kingston CCG will give "
                             "a verbal update on progress", order=2),        # PACK 33-35
        PlanItem("HWB-P003", HWB,
                 "Special Educational Needs and Disability (SEND) Transformation Plan",
                 HWB_MAR19, Purpose.ENDORSE, lead="Portfolio Holder for Children’s Services",
                 author="Pauline Maddison, Interim Director of Children’s Services",  # PACK 1377
                 report=REPORT_B, status=PlanStatus.RECEIVED,
                 recommendation="To endorse the SEND Transformation Plan as a working plan for "
                                "publication on the Local Offer and Council Websites",  # PACK 44
                 order=3),
        PlanItem("HWB-P004", HWB,
                 "Ofsted and CQC local Area SEND Inspection - Written Statement of Action",
                 HWB_MAR19, Purpose.UPDATE, lead="Portfolio Holder for Children’s Services",
                 author="Pauline Maddison, Director of Children’s Services",   # PACK 7201
                 report=REPORT_C, status=PlanStatus.RECEIVED,
                 recommendation="To update the Board on progress with the Written Statement "
                                "of Action", order=4),                        # PACK 48-50
        PlanItem("HWB-P005", HWB, "Board Membership - representation of Children's Services",
                 HWB_MAR19, Purpose.CONSIDER, lead="Leader of the Council (portfolio holder)",
                 author="Marian Morrison, Democratic Services Officer",       # PACK 9586
                 report=REPORT_D, status=PlanStatus.RECEIVED,
                 recommendation="To consider a proposal to strengthen the Board representation "
                                "of Children’s Services", order=5),          # PACK 54-56
    ]
    # Work programme, "Current scheduled items" (PACK 889-896).  Purposes are not given:
    # an annual report is noted, an "update" updates.
    sep = D(2019, 9, 3)
    items += [
        PlanItem("HWB-P006", HWB, "Kingston Safeguarding Adult Board Annual Report 2018/19",
                 sep, Purpose.NOTE, order=1),
        PlanItem("HWB-P007", HWB, "SEND Transformation update", sep, Purpose.UPDATE,
                 description="The SEND Transformation Plan will return to the Children’s and "
                             "Adults’ Care and Education Committee and the Health and Wellbeing "
                             "Board on a six monthly basis.",                # PACK 1256-1258
                 order=2),
        PlanItem("HWB-P008", HWB, "CAMHS Transformation Plan update", sep, Purpose.UPDATE,
                 order=3),
        # MINUTES 56: the plan, updated from 3 to 5 years, was to come to the Board in
        # November, "this will now be January 2020".  Purpose assumed as in March 2019.
        PlanItem("HWB-P009", HWB, "SEND Transformation Plan", D(2020, 1, 28), Purpose.ENDORSE,
                 description="The Transformation Plan was being updated from 3 to 5 years and "
                             "would go to the Children’s and Adults Care and Education "
                             "Committee and the Health and Wellbeing Board in November, this "
                             "will now be January 2020.", order=1),
    ]
    # "Unscheduled items" (PACK 897-902).
    unscheduled = (
        "Refresh of the Dementia Strategy",
        "Food Poverty Action Plan",
        "“Prevention is better than Cure our vision to help you live well for longer”, DHSC "
        "white paper published 5 Nov",
        "Update on Mental Health Champions",
    )
    items += [PlanItem(f"HWB-P{10 + n:03d}", HWB, title) for n, title in enumerate(unscheduled)]
    return items


def _send_plan() -> list[PlanItem]:
    shared = "The report was shared prior to the Board."                  # MINUTES 54, 56
    # 14 November 2019 items 2-4 (MINUTES 49-61).  Item 1 (welcome) and items 5-8
    # (actions, forward plan, other information, finish) are the board's standard items.
    items = [
        PlanItem("SENDPB-P001", SEND, "Spotlight on innovation, demand management and value "
                 "for money", SEND_NOV, Purpose.DISCUSS, lead="AW / JC",
                 description="The purpose of the session is to look at and make 3-5 desirable "
                             "changes to the SEND system in Kingston.", order=1),
        PlanItem("SENDPB-P002", SEND, "Updates: Written Statement of Action", SEND_NOV,
                 Purpose.UPDATE, lead="CP", description=shared,
                 paper=GeneratedPaper.ACTIONS, order=2),
        PlanItem("SENDPB-P003", SEND, "Updates: SEND Transformation Plan", SEND_NOV,
                 Purpose.UPDATE, lead="AW", description=shared,
                 paper=GeneratedPaper.RISKS, order=3),
        PlanItem("SENDPB-P004", SEND, "Performance Dashboard", SEND_NOV, Purpose.NOTE,
                 lead="AW", description="The Performance Dashboard was shared prior to the "
                                        "Board", order=4),
    ]
    # 23 January 2020: the forward plan the minutes set (MINUTES 67).  The standing
    # updates (WSOA, transformation plan, dashboard) are ASSUMED to recur as on
    # 14 November; the minutes do not list January's whole agenda.
    items += [
        PlanItem("SENDPB-P005", SEND, "Spotlight: Post 16 Provision", SEND_JAN,
                 Purpose.DISCUSS, lead="PMS",
                 description="To discuss and share what can be done to improve the service and "
                             "to look at innovation, challenges with accommodation and also "
                             "introduce the new Assistant Principal for SEND", order=1),
        PlanItem("SENDPB-P006", SEND, "Spotlight: Transitions to Adult Services", SEND_JAN,
                 Purpose.UPDATE, lead="ST",
                 description="ST agreed to present an update. CP suggested that the recent "
                             "conversations about 16-25 canvas locally could be included.",
                 order=2),
        PlanItem("SENDPB-P007", SEND, "LBR LGA SEND Peer Challenge", SEND_JAN, Purpose.DISCUSS,
                 description="This will be discussed in detail in January, once the report "
                             "has been received", status=PlanStatus.TO_FOLLOW, order=3),
        PlanItem("SENDPB-P008", SEND, "Updates: Written Statement of Action", SEND_JAN,
                 Purpose.UPDATE, lead="CP", paper=GeneratedPaper.ACTIONS, order=4),
        PlanItem("SENDPB-P009", SEND, "Updates: SEND Transformation Plan", SEND_JAN,
                 Purpose.UPDATE, lead="AW", paper=GeneratedPaper.RISKS, order=5),
        PlanItem("SENDPB-P010", SEND, "Performance Dashboard", SEND_JAN, Purpose.NOTE,
                 lead="AW", order=6),
    ]
    # "Suggestions for the forward plan" (MINUTES 68-70): not yet scheduled.
    suggestions = ("Therapies Planning Discussion", "Parent Carer Forum Update",
                   "Emotional Health", "Children and Young People Feedback")
    items += [PlanItem(f"SENDPB-P{11 + n:03d}", SEND, title)
              for n, title in enumerate(suggestions)]
    return items


# ---------------------------------------------------------------- actions

# The WSOA's RAG columns (PACK 7364-7392, 7422) were coloured cells with no words, so
# the extracted reference carries no per-action rating.  The ratings below are CHOSEN
# to fit each action's progress text and the 14 November 2019 minutes; "initial" is the
# rating when the log was taken to the September board, "current" the rating after the
# WSOA review in October (the key's "Current Month October", PACK 7378).
RATED_AT = dt.datetime(2019, 10, 1, 10, 0)

SC1 = "Significant Concern 1: Quality and monitoring of EHC plans"
SC2 = "Significant Concern 2: Timeliness of annual reviews and amendments to EHC plans"
SC3 = "Significant Concern 3: CCG strategic leadership and monitoring of the 2014 reforms"
SC4 = "Significant Concern 4: Relationship with parents and a parent carer forum"

# (workstream, action, owner, due, initial RAG, current RAG, progress update)
# Owner: the lead officer's initials where the lead is a SEND board member.  Lead
# officers as written in the WSOA are in the comments.  Due: the WSOA timescale, a
# month read as its last day.
_WSOA = (
    # PACK 7442-7452; lead "Educational Psychologist & Director for Education Services"
    # (PACK 7584); "Training completed to wider teams by 30/4/19" (PACK 7502).
    (SC1, "Revisit principles of 2014 reforms across AfC, Providers and health teams - "
          "training presentation to be shared with all teams. Cascade learning about SEND "
          "2014 reforms.",
     "CP", D(2019, 4, 30), "Amber", "Light green",
     "Director for Education Services has drafted first of series of briefings for all AfC "
     "staff, first to be sent following publication of SEND Inspection Report This will be "
     "shared with public Health and CCG for broader circulation."),     # PACK 7528-7533
    # PACK 7535-7540, "led by Educational Psychology Service, Designated Clinical Officer,
    # Social Care and SEN Leaders"; held by the Director for Education Services; "more
    # detailed training by 30/6/19" (PACK 7513).
    (SC1, "Write and lead training on process, specificity, and writing high quality EHCPs "
          "for schools, health partners and social care - led by Educational Psychology "
          "Service, Designated Clinical Officer, Social Care and SEN Leaders.",
     "CP", D(2019, 6, 30), "Light green", "Light green",
     "Module 1 is being written. Dates of delivery for Module 1 have been agreed. Plan for "
     "invitations to be sent w/c 29/10/18. Each module will be delivered 3 times in 3 "
     "different venues. These will then be evaluated and inform modules 2, 3 & 4."),  # 7515
    # PACK 7678-7687; lead "Director for Education Services & AD SEND"; "February 2019".
    (SC1, "Add capacity to SEN team to fulfil quality assurance activity through senior "
          "leaders, and to implement effective data system through Business Support team.",
     "CP", D(2019, 2, 28), "Dark green", "Completed", "New posts appointed."),  # PACK 7723
    # PACK 7772-7781; leads "KCCG Director of Quality, Designated Clinical Officer"
    # (PACK 7812-7816); "June 2019".  MINUTES 54: "AC and AS have been working on QA."
    (SC1, "Review and further develop quality assurance overarching framework which will "
          "enable all partners to evaluate statutory duties and the impact of EHC assessment "
          "on children and young people’s outcomes.",
     "AS", D(2019, 6, 30), "Amber", "Light green",
     "Programme of quality assurance agreed across SEN and school seconded staff. Initial "
     "discussions held with the Council for Disabled Children and agreed that local area "
     "will receive the support in developing its approach to quality assurance."),  # 7837
    # PACK 7982-7992; lead "Director for Education Services", "Head of Intelligence, AfC";
    # "Spring term 2019", read as 31 March 2019.
    (SC2, "Synergy upgraded to support overview of annual review process, numbers and "
          "dates. Use this to triage all annual reviews and establish model for prioritising "
          "to include independent and out of borough schools.",
     "CP", D(2019, 3, 31), "Dark green", "Completed",
     "Triage completed, all plans have been RAG rated and actions now prioritized"),  # 8025
    # PACK 8002-8006 and 8029-8034; lead "Director for Education Services & AD SEND";
    # "Triaged by ... January 2019".  Progress from MINUTES 54.
    (SC2, "Initial priority for years 5, 9 and 11 to be completed by Annual Review officers "
          "and KS2/3 Transition Teacher. Expand to other year group using same process of "
          "triage and then activity Y7, 8 Y2, 3 Y4, 11",
     "AC", D(2019, 1, 31), "Red", "Amber",
     "Timeliness of Annual Reviews has improved and we have set a more challenging "
     "completion from 16 to 12 weeks."),
    # PACK 8043-8073; lead "SEN Team, Educational Psychology Team, Associate Director for
    # SEND"; "Programme to run from November 2018 - June 2019".
    (SC2, "Develop and lead annual review training for school SENCOs, SEN Team and health / "
          "social care partners. Training specifically for Colleges to focus on how we "
          "capture the voice of young people.",
     "AC", D(2019, 6, 30), "Light green", "Light green",
     "Training session 1 completed November 2018"),                       # PACK 8057
    # PACK 8087-8110; lead "SEN Team", "Participation team with schools and colleges";
    # "September 2019".  Progress from MINUTES 54.
    (SC2, "Produce feedback model for ‘post annual review’ to gather views of children, "
          "young people and parents and education settings.",
     "WB", D(2019, 9, 30), "Amber", "Amber",
     "We are engaging with parents and collecting feedback from them, but how that feedback "
     "has impacted on quality is important."),
    # PACK 8223-8226; lead "KCCG Managing Director"; "January 2019".
    (SC3, "Agree and appoint the Governing Body SEND Executive to be accountable for the SEND "
          "reforms",
     "TM", D(2019, 1, 31), "Amber", "Amber",
     "Role specification in the process of being finalised."),           # PACK 8197-8199
    # PACK 8252-8256; lead "KCCG Managing Director"; "January 2019".
    (SC3, "KCCG Governing Body to agree a formal statement of commitment to improving "
          "outcomes for children and young people with SEND",
     "TM", D(2019, 1, 31), "Dark green", "Completed",
     "The formal statement of commitment to improving outcomes for children and young people "
     "with SEND was agreed at the January 2019 KCCG Governing Body meeting"),  # 8200, 8260
    # PACK 8288-8291; lead "KCCG Managing Director"; "March 2019 Bi-monthly thereafter".
    # The PDF cuts the last word to "meet"; it is given whole.
    (SC3, "The Kingston CCG to receive regular progress reports on the SEND Written Statement "
          "of Action, the SEND Transformation programme and KCCG health specific SEND "
          "progress reports",
     "TM", D(2019, 3, 31), "Light green", "Dark green",
     "January 2019 KCCG Governing Body received SEND report on progress with drafting the "
     "WSoA. First progress update report will be discussed at March KCCG Governing Body "
     "meeting"),                                                          # PACK 8354-8366
    # PACK 8581-8589; lead "Director of Quality, Designated Clinical Officer";
    # "September 2019".  Progress from MINUTES 54.
    (SC3, "DCO to lead the quality assurance of the health contribution of all new plans and "
          "annual reviews",
     "AS", D(2019, 9, 30), "Amber", "Light green",
     "AC and AS have been working on QA. The appointment of Alison Stewart has made a "
     "positive significant difference in having a key health partner working with the SEND "
     "Team."),
    # PACK 8990-8994; lead "Director of Commissioning/AfC"; "September 2019".  Progress:
    # PACK 9055-9062 (cut off in the PDF after "next steps regarding") and MINUTES 54.
    (SC3, "Consider the findings from the Children’s therapy services review (SALT, "
          "Occupational Therapy and Physiotherapy) across Health and Education to inform the "
          "CCGs and Councils’ commissioning of SEND therapy services",
     "ME", D(2019, 9, 30), "Light green", "Amber",
     "A meeting took place between the CCG Managing Director, AFC CE and Director of "
     "Children Services to discuss and agree next steps. The Therapies Review is almost "
     "completed and is coming to fruition with a clear business case and will be taken "
     "forward to both CCG and Education Boards for funding decisions."),
    # PACK 9089-9092; lead "Director of Commissioning"; "March 2019".
    (SC3, "Co-design and co-deliver a workshop to review and improve the 0-5 "
          "neuro-development pathway with parents, carers, children, and key professionals",
     "ME", D(2019, 3, 31), "Amber", "Red",
     "Fast track assessment process developed by DMO"),                   # PACK 9130-9132
    # PACK 8665-8667; lead "Designated Clinical Officer"; "November 2019" (PACK 8711).
    (SC3, "Undertake a co-designed review of the health transition pathway to adult health "
          "services with parents / carers and young people",
     "AS", D(2019, 11, 30), "Light green", "Light green", ""),
    # PACK 9284-9300; lead "Lead Children’s Health Commissioner and Director for Education
    # Services"; "February 2019".
    (SC4, "Positively engage with parents and their representatives to scope and develop a "
          "local model which facilitates effective engagement in co-production and "
          "developments.",
     "DR", D(2019, 2, 28), "Light green", "Light green",
     "Initial meeting booked with ‘Contact A Family’ for November 2018"),  # PACK 9318-9319
    # PACK 9372-9375; lead "SENDIASS SEN Service Manager"; "April 2019".
    (SC4, "Develop effective and proactive partnership with SENDIASS through monthly "
          "meetings, use of quarterly feedback to inform service improvement.",
     "WB", D(2019, 4, 30), "Dark green", "Dark green", ""),
    # PACK 9511-9525; lead "Contact A Family AfC KCCG"; "June 2019".  AfC's part is held
    # by the Programme Director: "AW has been supporting them with the structure and
    # paperwork" (MINUTES 54).  Progress: PACK 9507 and MINUTES 56.
    (SC4, "Establish a new Parent Carer Forum for Kingston: Work with Contact to explore all "
          "local options for new Parent Carer Forum; Contact to lead local drop in sessions to "
          "gauge interest; Set up Parent Consortium in first instance to work alongside the "
          "SEND Partnership Board; Work with Education Settings to identify new families who "
          "could be interested and keen to be involved",
     "AW", D(2019, 6, 30), "Red", "Amber",
     "Initial meeting with parents took place in January 2019. The PCF now have a steering "
     "group of six members and are moving forward, they are currently looking for an "
     "umbrella charity to work with them."),
)

# Added to the log at the WSOA review in October rather than at a board meeting, so that
# the 14 November pack shows a "New" action.  PACK 8151-8156; lead "Designated Clinical
# Officer"; "January 2020".
_WSOA_LATE = (SC2, "Improve the timeliness and quality of health advice for the Annual Review "
                   "process.", "AS", D(2020, 1, 31), "Light green", "Light green", "")


def _history(ref: str, raised: dt.datetime, initial: str, current: str,
             changed: dt.datetime | None, closed: bool) -> list[HistoryEntry]:
    entries = [HistoryEntry(ref, raised, "RAG", "", initial),
               HistoryEntry(ref, raised, "Status", "", ActionStatus.OPEN.value)]
    if changed is not None and current != initial:
        entries.append(HistoryEntry(ref, changed, "RAG", initial, current))
    if changed is not None and closed:
        entries.append(HistoryEntry(ref, changed, "Status", ActionStatus.OPEN.value,
                                    ActionStatus.COMPLETE.value))
    return entries


def _send_actions() -> tuple[list[Action], list[HistoryEntry]]:
    actions: list[Action] = []
    history: list[HistoryEntry] = []

    def add(text, owner, due, initial, current, progress="", workstream="", meeting=None,
            item="", raised=None, changed=None):
        ref = f"SENDPB-A{len(actions) + 1:03d}"
        done = current == "Completed"
        closed = changed.date() if done and changed else None
        actions.append(Action(ref, SEND, text, owner, due,
                              ActionStatus.COMPLETE if done else ActionStatus.OPEN,
                              current, progress, workstream, meeting, item, closed))
        history.extend(_history(ref, raised, initial, current, changed, done))

    # Agreed at the 14 November 2019 meeting (Action column: MINUTES 64-65 and 71).
    raised_nov = dt.datetime(2019, 11, 14, 12, 0)
    add("Resend the data capsule tool to those who have not replied, so that a complete "
        "analysis of the entire workforce can be completed.",
        "ID", D(2019, 11, 29), "Amber", "Amber",
        "Analysis of the data/feedback has begun, but it is proving challenging as not all "
        "agencies and organisations have sent in their returns.",
        "Workforce", SEND_NOV, "5", raised_nov)
    add("Send the survey about workforce skills, knowledge and competency again, so that a "
        "baseline can be established for staff working with children with SEND.",
        "NG", D(2019, 11, 29), "Amber", "Amber",
        "After the last Partnership Board in September, a second survey was issued about "
        "workforce skills, knowledge and competency. Thank you to those who have replied.",
        "Workforce", SEND_NOV, "5", raised_nov)
    add("Action plan to be updated with the ideas from the session (ideas for innovation, "
        "prevention and early intervention).",
        "AW", SEND_JAN, "Light green", "Light green", "",
        "Innovation, demand management and value for money", SEND_NOV, "8", raised_nov)

    # Agreed at the September 2019 meeting, as the November minutes report them.
    raised_sep = dt.datetime(2019, 9, 19, 12, 0)
    # MINUTES 49: "it was agreed at the last Partnership Board that we needed to focus on
    # these areas"; done at the 14 November spotlight.
    add("Hold a spotlight on innovation, demand management and value for money at the next "
        "Partnership Board.",
        "AW", SEND_NOV, "Light green", "Completed",
        "AW and JC presented the spotlight on innovation, demand management and value for "
        "money.", "Innovation, demand management and value for money", PREVIOUS_SEND, "",
        raised_sep, dt.datetime(2019, 11, 14, 12, 0))
    # MINUTES 56: "At the last Board it was noted that the Transformation Plan was being
    # updated from 3 to 5 years and would go to the Children’s and Adults Care and Education
    # Committee and the Health and Wellbeing Board in November, this will now be January
    # 2020."
    add("Update the SEND Transformation Plan from 3 to 5 years and take it to the Children’s "
        "and Adults Care and Education Committee and the Health and Wellbeing Board in "
        "November.",
        "AW", D(2019, 11, 30), "Light green", "Amber",
        "This will now be January 2020.", "SEND Transformation Plan", PREVIOUS_SEND, "",
        raised_sep, dt.datetime(2019, 11, 1, 10, 0))

    # The written statement of action, brought into the log at the September meeting.
    for workstream, text, owner, due, initial, current, progress in _WSOA:
        add(text, owner, due, initial, current, progress, workstream, PREVIOUS_SEND, "",
            raised_sep, RATED_AT)
    workstream, text, owner, due, initial, current, progress = _WSOA_LATE
    add(text, owner, due, initial, current, progress, workstream, None, "", RATED_AT)
    return actions, history


def _hwb_actions() -> tuple[list[Action], list[HistoryEntry]]:
    # RAG labels on the HWB's scale: Red, Amber, Green, Blue (Blue = complete).
    rows = (
        # PACK 7045-7047: "At the meeting on 15 November 2018 the Board requested a report
        # on the “Sign off Statement” of the Written Statement of Action (WSoA) be brought to
        # the next meeting."  The report is Appendix C of the March pack.
        ("HWB-A001", "Bring a report on the “Sign off Statement” of the Written Statement of "
                     "Action (WSoA) to the next meeting.",
         "PM", HWB_MAR19, "Green",
         "Report on this agenda (Appendix C). Ofsted and the CQC wrote on 6 March 2019 "
         "confirming that the statement of action is deemed to be fit for purpose.",
         HWB_NOV18, ""),
        # PACK 1111-1119: agreed on 15 November 2018 that the Board would oversee the SEND
        # Transformation Plan's governance.
        ("HWB-A002", "Bring the SEND Transformation Plan to the Board so that it can oversee "
                     "the governance arrangements of the plan.",
         "PM", HWB_MAR19, "Green",
         "On this agenda (Appendix B): the plan is brought for endorsement as a working plan "
         "for publication on the Local Offer and Council websites.", HWB_NOV18, ""),
        # PACK 1250-1253: if endorsed, "it will be published at the beginning of the new
        # financial year" (read as by 30 April 2019).
        ("HWB-A003", "Publish the SEND Transformation Plan as a working plan on the Local "
                     "Offer and Council websites.",
         "PM", D(2019, 4, 30), "Green", "", HWB_MAR19, "7"),
        # PACK 1256-1258: the plan returns to the Board "on a six monthly basis"; the work
        # programme has "SEND Transformation update" on 3 September 2019 (PACK 891).
        ("HWB-A004", "Bring a SEND Transformation update to the Board in six months.",
         "PM", D(2019, 9, 3), "Green", "", HWB_MAR19, "7"),
        # PACK 9551-9576: recommendation to Council, whose next meeting is 24 April 2019.
        ("HWB-A005", "Ask Full Council to approve additional representation on the Board for "
                     "children’s services and the nominations for named alternates to the two "
                     "positions.",
         "MM", D(2019, 4, 24), "Green", "", HWB_MAR19, "9"),
    )
    actions, history = [], []
    for ref, text, owner, due, rag, progress, meeting, item in rows:
        actions.append(Action(ref, HWB, text, owner, due, ActionStatus.OPEN, rag, progress,
                              "", meeting, item))
        raised = dt.datetime.combine(meeting, T(21, 30))  # logged after the meeting
        history.extend(_history(ref, raised, rag, rag, None, False))
    return actions, history


# ---------------------------------------------------------------- risks

# The transformation plan's risk analyses (PACK 2013, 2357, 2656, 3043, 3536, 3856).  The
# plan rates each risk Low / Moderate / High with no scores, so likelihood and impact are
# CHOSEN to land in the matching band (Low 1-5, Moderate 6-12, High 15-25).  "These risks
# ... are owned by the chair of the ... workstream": the workstream leads (PACK 1623,
# 2157, 2402, 2778, 3125).  The chair of workstream 6, Eamonn Gilbert (PACK 3658), is not
# a member of the SEND board, so the Programme Director holds that risk here.
REVIEW = SEND_JAN

WS1 = "Workstream 1: Strategy and Governance"
WS2 = "Workstream 2: Commercial Thinking"
WS3 = "Workstream 3: Local Provision"
WS4 = "Workstream 4: Early Intervention and Transition"
WS5 = "Workstream 5: Assessment and Planning"
WS6 = "Workstream 6: Home to School Travel"

NOT_ENOUGH_PLACES = ("There are insufficient local special school places to meet the needs "
                     "identified in the ten-year SEND provision plan, making the Council more "
                     "reliant on maintained and special schools outside the borough and on "
                     "non-maintained and independent school provision.")

# (workstream, owner, risk, impact, strategy, actions, rating, likelihood, impact score)
_RISKS = (
    # PACK 2013-2049
    (WS1, "ID", "Lack of partner engagement and shared ownership of the plan.",
     "There is no or limited traction in delivering the system change and behaviours that are "
     "necessary to transform services and achieve better outcomes for children and young "
     "people with SEND within the financial resources available.",
     "Mitigate",
     "Provide strong leadership of the SEND Partnership Board at Chief Executive level. "
     "Achieve early sign-up from all key partner agencies to the vision, shared values and key "
     "activities in the SEND transformation plan. Obtain support and have oversight from the "
     "Health and Wellbeing Board. Put in place regular meetings and reporting to share "
     "progress and achievements.",
     "Moderate", 3, 4),
    # PACK 2050-2071 (the risk's own words are printed after the page break, PACK 2123)
    (WS1, "ID", "Ineffective governance of the SEND Partnership Board and workstreams.",
     "There is a lack of focus and pace in delivering activities, and drift and delay in "
     "decision making. There is duplication and mixed messaging from partnership boards and "
     "other organisations working in this arena, including the Health and Wellbeing Board, "
     "SEND Partnership Board and the Education Commission.",
     "Mitigate",
     "Develop governance structures that all clearly understood and adhered to by all "
     "stakeholders. Ensure there is effective stakeholder representation on the SEND "
     "Partnership Board and six workstreams. Develop a protocol between the SEND Partnership "
     "Board and the Education Commission to avoid duplication. Establish a detailed "
     "communications plan.",
     "Low", 2, 2),
    # PACK 2078-2101
    (WS1, "ID", "Inability to appoint an effective and engaged Parent-Carer Forum that is able "
                "to work collaboratively in the SEND partnership.",
     "The voices and opinions of parents and carers do not inform strategic decision-making. "
     "Implementation of the plan is not successful as parents are not informed, aware or "
     "signed up to the system change required.",
     "Mitigate",
     "Close working with Contact to source a new Parent-Carer Forum (PCF). Review of the "
     "lessons learned from Achieving for Children’s working relationship with the previous "
     "PCF, and system-wide implementation of learning to ensure co-production. PCF membership "
     "of the SEND Partnership Forum and workstreams.",
     "Moderate", 2, 4),
    # PACK 2130-2154
    (WS1, "ID", "No agreement with schools and the Schools Forum to transfer funding between "
                "DSG blocks.",
     "There is a significant financial gap in the plan for 2019/20, 2020/21 and 2021/22 which "
     "will need to be met from other activities in the plan. The Council is required to "
     "request a disapplication of the Schools Forum decision from the Secretary of State for "
     "Education which is against the current policy position of the administration.",
     "Accept",
     "There is ongoing engagement with individual schools and the Schools Forum about funding "
     "allocation. Discussions continue with the Department for Education on the national DSG "
     "funding formula. Contingency plans are established to allocate the funding shortfall to "
     "other actions within the plan.",
     "High", 4, 4),
    # PACK 2360-2382
    (WS2, "LK", "Inability to recruit and retain professionals with commercial and contract "
                "management expertise in the placement commissioning and brokerage service.",
     "There is insufficient capacity or skill in the placement commissioning and brokerage "
     "service to negotiate and manage contracts with providers that reduce costs.",
     "Mitigate",
     "Job profiles, salary levels and the recruitment process attract good candidates with "
     "commercial expertise and experience. There is an effective induction, development and "
     "support package available to all professionals involved in placement brokerage.",
     "Moderate", 2, 3),
    # PACK 2384-2397
    (WS2, "LK", "Commercial negotiations with SEND providers are unproductive.",
     "Placement costs are not reduced to the expected level, meaning that additional savings "
     "have to be found from other areas of the plan.",
     "Mitigate",
     "There is an effective induction, development and support package available to all "
     "professionals involved in placement brokerage. Expertise in commercial contract "
     "management is secured from the Council or brought in from an external consultant on a "
     "risk and reward basis.",
     "Moderate", 3, 3),
    # PACK 2662-2680
    (WS3, "PM", "The free school presumptive route does not successfully secure providers to "
                "establish the two special free schools approved to proceed by the Department "
                "for Education.",
     NOT_ENOUGH_PLACES, "Accept",
     "A detailed marketing programme evidences the need for local special school provision "
     "and demonstrates the full benefits of the opportunity to potential providers.",
     "High", 3, 5),
    # PACK 2745-2768
    (WS3, "PM", "Parents and carers do not accept that local mainstream schools, specialist "
                "resource provisions, and special schools are able to meet their child’s "
                "assessed needs.",
     "There is an increase in the number of disputed EHCPs and appeals to the First-Tier SEND "
     "Tribunal on the basis of parental preference. The workload for SEND professionals is "
     "increased and there is a potential for the tribunal to direct that the local authority "
     "makes alternative and higher cost provision.",
     "Mitigate",
     "There is a clear marketing strategy to promote the resources and facilities available "
     "in local provision and the outcomes they achieve for children and young people with "
     "SEND. The quality of local provision is actively promoted by all practitioners in their "
     "relationships with parents and through their professional networks.",
     "High", 4, 4),
    # PACK 2728-2738 and 2770-2775
    (WS3, "PM", "Local therapy provision is unable to be delivered to meet the identified needs "
                "of children with disabilities.",
     "Children’s therapeutic needs cannot be met locally leading to placements in more "
     "specialist school provision and at a higher cost,",
     "Mitigate",
     "The therapies needs analysis is developed in conjunction with local health "
     "commissioners and providers. The evidence supports development of local therapy "
     "solutions including the provision of additional services and upskilling the workforce. "
     "There is wide buy-in to the plan at all levels of the health commissioning sector, "
     "including NHS London, the South West London Alliance of CCGs, and the Kingston and "
     "Richmond CCG.",
     "Moderate", 3, 4),
    # PACK 3051-3071
    (WS4, "JSL", "School professionals do not support inclusion and early intervention, or "
                 "there is inconsistent support across schools.",
     "Children and young people with SEND cannot be supported within mainstream schools or "
     "specialist resource provisions, meaning that they have to be transferred to special "
     "schools or non-maintained and independent schools at a higher cost.",
     "Mitigate",
     "There is effective engagement and communication with professionals through the SENCO "
     "network. There is an effective learning, development and support offer to schools to "
     "support inclusive practice. The shape of the offer is informed by learning from EHCP "
     "assessments, tribunals and other feedback.",
     "Low", 1, 4),
    # PACK 3095-3110
    (WS4, "JSL", "Transition arrangements between children’s services and adult social care "
                 "services are not implemented.",
     "Young adults with SEND do not receive the support they need in a timely way from the "
     "appropriate services. Ineffective transition and working arrangements between "
     "children’s services and adult social care lead to fragmentation and build higher costs "
     "into the system.",
     "Mitigate",
     "The preparing for adulthood strategy and transitions protocol facilitates early "
     "consideration and planning for young people’s transition. Funding responsibilities are "
     "made clear within the protocol and are agreed in each individual case.",
     "Moderate", 2, 4),
    # PACK 3544-3567 and 3626-3628
    (WS5, "CP", "Inability to recruit and retain experienced professionals within the SEND "
                "service, including educational psychologists, case workers and annual review "
                "officers.",
     "There is insufficient capacity, skill and expertise within the SEND service to drive up "
     "the quality of EHCPs and maximise the benefit of the annual EHCP review process.",
     "Mitigate",
     "Job profiles, salary levels and the recruitment process attract good candidates with "
     "SEND expertise and experience. Flexible working arrangements are available including "
     "secondments from schools. There is an effective induction, development and support "
     "package available to all SEND professionals.",
     "Moderate", 3, 4),
    # PACK 3595-3625
    (WS5, "CP", "Annual EHCP reviews do not reduce the costs of individual plans to an "
                "affordable funding level that meets the child’s or young person’s needs.",
     "There is a significant financial saving attached to this activity in 2019/20, 2020/21 "
     "and 2021/22. These savings cannot be delivered. Proposed changes to plans result in "
     "increased parental challenge, disputed EHCPs and appeals to the SEND tribunal, which "
     "may result in higher cost provision.",
     "Mitigate",
     "The management structure for the SEND service is reviewed to provide additional "
     "capacity. Additional annual review officers are recruited. There is a priority "
     "programme for annual EHCP reviews and quality assurance and this is well coordinated "
     "and managed by a project manager. There is engagement with parents and carers. "
     "Assessments and plans were well evidenced by all contributing professionals.",
     "High", 5, 4),
    # PACK 3629-3656
    (WS5, "CP", "The SEND service does not have the systems, processes and support it needs to "
                "drive up the quality of EHCP assessments and plans.",
     "The quality of EHCP assessments and plans does not improve at the required pace. EHCPs "
     "do not robustly and sufficiently evidence how and where children’s and young people’s "
     "education, health and care needs can be met. This may result in increased parental "
     "challenge, disputed EHCPs and appeals to the SEND tribunal, which may result in higher "
     "cost provision.",
     "Mitigate",
     "There is a priority programme for annual EHCP reviews and quality assurance and this is "
     "well coordinated and managed by a project manager. A dedicated project manager leads "
     "the upgrade to the electronic case management system.",
     "Low", 1, 5),
    # PACK 3862-3884
    (WS6, "AW", "The SEND transport market is insufficiently developed to respond to the "
                "required operating model and desired outcomes.",
     "Children and young people with SEND continue to travel to school using bus and taxi "
     "transport rather than access travel opportunities that promote their independence and "
     "life skills. The financial cost of home to school travel is unsustainable.",
     "Mitigate",
     "There is a clear communication of the strategy and policy for SEND transport. There is "
     "a detailed service specification. Market engagement and development events are held as "
     "part of a well-run procurement. The financial business case to provide all or parts of "
     "the service in-house is developed.",
     "Moderate", 2, 4),
)

BANDS = {"Low": (1, 5), "Moderate": (6, 12), "High": (15, 25)}


def _risks() -> tuple[Risk, ...]:
    risks = []
    for n, (ws, owner, text, impact, strategy, actions, rating, like, imp) in enumerate(_RISKS):
        low, high = BANDS[rating]
        assert low <= like * imp <= high, (text, rating)
        risks.append(Risk(f"SENDPB-R{n + 1:02d}", SEND, text, like, imp, owner, ws, impact,
                          Strategy.parse(strategy), actions, review=REVIEW,
                          status=RiskStatus.OPEN))
    return tuple(risks)


# ---------------------------------------------------------------- all registers

def _baselines(actions: list[Action], history: list[HistoryEntry]) -> list[HistoryEntry]:
    """The starting value of every tracked field the history above does not cover.

    Without them the first save would record each due date, owner and progress
    update as "changed in Excel" by nobody (README, "What the tool guarantees").
    """
    first_seen: dict[str, dt.datetime] = {}
    for entry in history:
        first_seen[entry.ref] = min(entry.when, first_seen.get(entry.ref, entry.when))
    entries = []
    for action in actions:
        when = first_seen[action.ref]
        for what, value in (("Due date", action.due.strftime("%d/%m/%Y") if action.due else ""),
                            ("Owner", action.owner), ("Progress update", action.progress)):
            if value:
                entries.append(HistoryEntry(action.ref, when, what, "", value, "baseline"))
    return entries


def example_registers() -> Registers:
    """The example workspace's registers for both boards, as model objects."""
    send_actions, send_history = _send_actions()
    hwb_actions, hwb_history = _hwb_actions()
    actions = hwb_actions + send_actions
    history = hwb_history + send_history
    return Registers(
        meetings=_meetings(),
        members=_hwb_members() + _send_members(),
        actions=tuple(actions),
        history=tuple(history + _baselines(actions, history)),
        risks=_risks(),
        plan=tuple(_hwb_plan() + _send_plan()),
    )
