"""The four reports behind appendices A to D of the example HWB meeting of 28 March 2019.

Each is abridged from reference/hwb-agenda-pack-2019-03-28.txt (cited as PACK with line
numbers): the reference's headings, paragraphs and tables, with paragraphs left out but
none reworded; only the PDF extraction's line breaks are joined and its table cells put
back in their rows.  The documents are written with python-docx when
`build_example_reports` is called; importing this module writes nothing.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BOARD = "Health & Wellbeing Board"
AUTHOR = "Royal Borough of Kingston upon Thames"
LANGUAGE = "en-GB"

# File names as the forward plan names them (example_data.REPORT_FILES, without "reports/").
FILE_A = "Appendix A - Partners' Update and Work Programme.docx"
FILE_B = "Appendix B - SEND Transformation Plan.docx"
FILE_C = "Appendix C - Written Statement of Action.docx"
FILE_D = "Appendix D - Board Membership.docx"


# ---------------------------------------------------------------- content blocks
#
# A report is a list of blocks:
#   ("front", date, title, [lines])    the council's report front sheet
#   ("h1" | "h2" | "h3" | "h4", text)  headings
#   ("p", text)                        paragraph
#   ("np", number, text)               numbered paragraph, as council reports number them
#   ("bullets", [text, ...])           bulleted list
#   ("numbers", [text, ...])           numbered list (style "List Number")
#   ("table", headers, rows, widths)   rows are lists of cells; a str row is a group row
#   ("break",)                         page break


def _report_a() -> list[tuple]:
    return [
        # PACK 118-144.  The reference's front sheet reads "28 March 2018" (sic).
        ("front", "28 March 2018", "Partners’ Update and the Board’s Work Programme", [
            "Public Health, Adult Social Care, Growth (Planning and Regeneration), Kingston "
            "CCG, Kingston Hospital NHS Foundation Trust, South West London and St George’s "
            "Mental Health Trust, Voluntary Sector (Kingston voluntary Action and Healthwatch)",
            "Portfolio holder - Leader of the Council"]),
        ("h2", "Purpose"),
        ("p", "To alert the Board to emerging local and national policy and legislation, "
              "development opportunities and useful resources, to provide updates on matters "
              "of interest and support the Board with forward work planning."),
        ("bullets", ["Public Health", "Kingston Clinical Commissioning Group",
                     "Kingston Hospital NHS Foundation Trust", "Healthwatch Kingston",
                     "Kingston Voluntary Action"]),
        ("p", "The Board is asked to note this update and the work programme."),
        # PACK 146-258
        ("h1", "PUBLIC HEALTH"),
        ("h2", "Health & Care Plan"),
        ("np", "1", "The Healthy and Safe Communities Team have been supporting the development "
                    "of the Kingston Health and Care Plan. This will set out the case for "
                    "transformation for local health and care services, what we know about "
                    "local care in relation to population needs, the engagement we have done "
                    "with local residents and an action plan based around a life-course "
                    "approach. Following the system workshop on 4th March 2019 we are leading "
                    "the development of the \"Live Well\" section which has priorities around "
                    "supporting people to have good physical and mental health, preventing ill "
                    "health, management of long term conditions and reducing health "
                    "inequalities. We will also feed into the \"Start well\" and \"Age Well\" "
                    "sections being led by other teams. Kingston CCG will update the Health & "
                    "Wellbeing Board about overall progress with the plan at this evening’s "
                    "Health & Wellbeing Board. The action plan will be shared by the end of "
                    "March for system leaders to review. The overall Kingston Health and Care "
                    "Plan will ultimately be combined with Richmond's to form the overall plan "
                    "for the Kingston and Richmond Local Transformation Board."),
        ("h2", "Community Resilience Event"),
        ("np", "2", "Kingston's South of the Borough neighbourhood ran a community resilience "
                    "workshop for residents on the 7th March 2019 which attracted 47 "
                    "attendees. The aim of the workshop was to inform residents of how they "
                    "can work alongside local services to be able to respond as a community to "
                    "adverse events; as well as looking for effective ways to engage with "
                    "residents in emergency situations. Partner agencies represented included "
                    "the Environmental Agency, The Metropolitan Police, The London Fire "
                    "Brigade, London Ambulance Service, RBK Emergency Planning and Connected "
                    "Kingston (Kingston borough’s social prescribing offer). We believe the "
                    "event was the first of its kind in London and will be evaluated in full "
                    "to see if further events will be useful in other Kingston neighbourhoods "
                    "to build community resilience and help inform Community Plans we are "
                    "developing with residents later this year."),
        ("h2", "Mental Health: Funded Time To Change Hub"),
        ("np", "3", "As announced on the 25th February, Kingston has been named as one of "
                    "eight areas to receive funding to become a Time to Change hub. This will "
                    "build on our work to date on an unfunded hub to tackle mental health "
                    "stigma locally and change how we all think and act about mental health "
                    "locally."),
        ("np", "4", "Kingston will be provided with £25,000 funding. £15,000 will be used to "
                    "coordinate the activities of the hub and £10,000 for a Champions’ Fund, "
                    "where local people with lived experience of mental illness can bid for "
                    "funding to run stigma busting events and activities within their area. We "
                    "are arranging a number of training opportunities for local partners and "
                    "champions to support our hub so that we can support local champions to "
                    "bid for the champions fund."),
        ("np", "5", "In Kingston, the hub will be led by local champions working jointly with "
                    "Kingston Council as Time to Change hub host, Healthwatch Kingston as the "
                    "Time to Change Hub coordinator, Mind in Kingston and over 20 other local "
                    "organisation from the voluntary sector, the health service and "
                    "businesses. For more information about the Time to Change hub in Kingston "
                    "visit www.healthwatchkingston.org.uk/TTCkingston"),
        ("h2", "Connected Kingston Launch"),
        ("np", "8", "The system-wide social prescribing model for Kingston, Connected Kingston, "
                    "was formally launched on Thursday 14th March on National Social "
                    "prescribing Day. The new Connected Kingston digital social prescribing "
                    "platform was celebrated as well as the 171 community champions who have "
                    "been trained to have asset-based conversations with community members and "
                    "to support them to use the platform to connect people to local community "
                    "activities and services."),
        ("h2", "Controlling Migration Fund:"),
        ("np", "10", "In 2017, we secured £338,528 Controlling Migration Funding from the MHCLG "
                     "for 10 (1 year) projects to deliver a range of integration projects for "
                     "vulnerable refugees and migrants with 5 partners reaching 429 "
                     "beneficiaries and 46 volunteers to date."),
        ("h2", "Vulnerable Persons Resettlement Scheme (VPRS)"),
        ("np", "11", "We have resettled 37 individuals to date since March 2016. We are "
                     "expecting a family of 4 in May which will bring the total to 41 "
                     "individuals."),
        # PACK 260-503
        ("h1", "KINGSTON CLINICAL COMMISSIONING GROUP"),
        ("h2", "Moving Forward Together – CCGs in south west London, merger discussions"),
        ("np", "12", "There are a number of new developments, both nationally and locally, "
                     "that mean it’s a good time for CCGs in south west London to review the "
                     "way we work:"),
        ("bullets", [
            "We have been working together as six CCGs for over a year and we think we can do "
            "things better together, for the benefit of our patients",
            "The national NHS Long Term Plan and its emphasis on the new primary care "
            "networks, and the indication that NHS England expects to see CCGs coming together "
            "in each STP area. For SW London this means that we are exploring what functions "
            "we could hold across SWL as a single CCG",
            "Strengthening of local health and care partnerships, and the development of the "
            "six local health and care plans."]),
        ("np", "14", "CCG chairs and the south west London management team have proposed and "
                     "agreed a series of principles, and these can be grouped into the "
                     "following headings:"),
        ("bullets", ["We will continue to be a clinically-led organisation",
                     "We will maintain our focus on today",
                     "We will streamline how we operate",
                     "We will design an organisation with the future in mind",
                     "We will move forward together, and engage people in how we do this"]),
        ("h2", "CCG Improvement and Assessment Framework ratings for mental health, dementia, "
               "learning disabilities and diabetes"),
        ("np", "18", "The CCG Improvement and Assessment Framework provides information to "
                     "healthcare organisations, professionals and patients about how their "
                     "local NHS services are performing and is used by national teams to drive "
                     "organisational improvement through focused support."),
        ("table", ["Service Area", "Kingston"], [
            ["Cancer", "Outstanding"], ["Maternity", "Outstanding"],
            ["Mental Health", "Good"], ["Dementia", "Good"],
            ["Learning Disabilities", "Requires Improvement"],
            ["Diabetes", "Requires Improvement"]], [8, 6]),
        ("np", "19", "Learning disabilities: this rating looks at reliance on specialist "
                     "inpatient care for people with a learning disability and/or autism, the "
                     "proportion of people with a learning disability on the GP register "
                     "receiving an annual health check and the proportion of the population on "
                     "a GP learning disability register. We will be appointing a GP clinical "
                     "lead who will develop and support delivery of a programme of work to "
                     "drive improvement in this area."),
        ("np", "20", "Diabetes: this rating measures treatment targets and also the "
                     "availability of structured education programmes for people with "
                     "diabetes. We are developing a plan to improve recording of diabetes "
                     "education programmes in primary care."),
        ("h2", "Public sector equality duties annual report"),
        ("np", "26", "At its January meeting, the Executive Management Team approved the CCG’s "
                     "annual equalities duty report, which highlights the progress made by the "
                     "CCG in delivering its statutory equality duties during 2018."),
        ("np", "29", "Equality work planned for 2019 includes:"),
        ("numbers", [
            "Review effectiveness of our shared process for equality analysis.",
            "Identify opportunities to run an equality delivery audit across both CCGs and "
            "where appropriate with a local provider(s).",
            "Explore sharing staff equality training and development resources with local NHS "
            "partners.",
            "Consider incorporating training on equality duty in the GP education half days, "
            "one for clinicians and one for practice managers on equality duty.",
            "Review our community outreach programme to ensure the focus is on patients and "
            "local people who face barriers to who face specific barriers to being involved in "
            "our work and whose specific needs must be considered.",
            "Implement the workforce disability equality standard."]),
        ("h2", "Finance Update"),
        ("np", "38", "Highlights from the Month 10 Finance Report include:"),
        ("bullets", [
            "Kingston CCG expects to meet all financial targets, as at month 10, including the "
            "planned surplus of £1.06m.",
            "The CCG plans to meet the Mental Health Investment Standard, increasing mental "
            "health by 3.5% in 2018/19."]),
        # PACK 505-618
        ("h1", "KINGSTON HOSPITAL NHS FOUNDATION TRUST"),
        ("p", "March 2019"),
        ("np", "39", "This paper provides the Health and Wellbeing with an update on "
                     "performance and key risks at the Trust, in particular"),
        ("bullets", ["Winter pressures and the impact on performance", "Financial performance",
                     "Workforce recruitment and retention in some specific areas and long term "
                     "supply"]),
        ("h2", "QUALITY AND PERFORMANCE"),
        ("h3", "Operational Performance Targets"),
        ("np", "40", "The Trust achieved the RTT and performance targets for February despite "
                     "the challenging Winter pressure. There was a notable rise in admissions "
                     "in February that created some challenges around patient flow and in "
                     "particular bed availability. Some escalation beds to manage the "
                     "increased activity were required and staff worked effectively to "
                     "discharge early in the day to ensure the fewest number of beds were "
                     "needed. Despite the rise in attendance and admissions the emergency care "
                     "performance was 2% better than same time last year. Good performance in "
                     "ambulance turnaround times releasing crews in a timely way to be able to "
                     "response to emergency calls were also maintained."),
        ("np", "41", "Cancer performance remains in line with national targets."),
        ("np", "42", "Mortality rates remain consistently low with a January SHMI of 0.82."),
        ("h2", "FINANCIAL PERFORMANCE and Estate"),
        ("h3", "Mental Health Assessment Unit"),
        ("np", "46", "In December 2018, the Trust applied for, and received, £3.3m of funding "
                     "to establish a Mental Health Assessment Unit within the Emergency "
                     "Department. This is now open and is providing a much improved service "
                     "for patients presenting to the Trust with an acute mental health issue "
                     "whether alongside physical health issue or not."),
        ("h2", "WORKFORCE"),
        ("np", "48", "The Trusts Workforce KPIs remain strong. At February the position was:"),
        ("bullets", ["Vacancies 6.7% against target of 6%",
                     "Turnover 14.4 against target of 15.75%"]),
        # PACK 619-734
        ("h1", "KINGSTON VOLUNTARY ACTION"),
        ("h2", "KVA Health Conference 6th March"),
        ("np", "50", "Our fifth health conference took place on 6th March 2019 and looked at "
                     "two areas of our work, Connected Kingston and food poverty."),
        ("h2", "Food Poverty"),
        ("np", "56", "At the health conference we presented a report on food poverty in "
                     "Kingston, ‘Food for Thought’ - Food insecurity in 21st century Kingston "
                     "We heard from several local organisations on the work they are doing in "
                     "the borough to address food poverty and insecurity."),
        ("np", "60", "Overall, the picture locally is that there is enough food in the borough "
                     "to feed our community. The challenge is to bring together the relevant "
                     "stakeholders/partners to look at ways to work together, to understand "
                     "that experiencing food insecurity is not just about feeling hungry or not "
                     "being able to access healthy food. Food insecurity is a symptom of more "
                     "complex causes which requires joined-up solutions."),
        # PACK 743-881
        ("h1", "HEALTHWATCH KINGSTON"),
        ("h2", "HWK Open Meetings and Task Group Activities"),
        ("p", "HWK currently has four Task Groups made up from local volunteers. These are:"),
        ("bullets", [
            "Community Care Task Group (currently planning an evaluation of user experiences "
            "of the social prescribing platform, Connected Kingston)",
            "Hospital Services Task Group (currently researching patient experiences of "
            "discharge from Kingston Hospital, with a particular focus on communication)",
            "Mental Health Task Group (currently researching service user experiences of the "
            "iCope: Kingston Psychological Therapies Service, provided by Camden and Islington "
            "NHS Foundation Trust)",
            "Youth Out Loud! (YOL! is made up of young people from Kingston and Richmond "
            "working with Healthwatch Kingston and other partners including Healthwatch "
            "Richmond, Royal Borough of Kingston upon Thames, Kingston and Richmond Clinical "
            "Commissioning Group and Achieving for Children)."]),
        ("h2", "Time to Change Kingston Hub"),
        ("np", "71", "Time to Change (TTC) Kingston has recently become a funded hub as part "
                     "of the Tranche 3 funding round. HWK will continue to work with our local "
                     "partner organisations as the TTC Kingston Hub Coordinator to coordinate "
                     "a programme of proposed delivery for 18 months (March 2019 to August "
                     "2020)."),
        ("h2", "Involvement in other health and social care governance and transformation"),
        ("np", "76", "HWK continues to sit on a variety of influential local committees and "
                     "groups to ensure that local people have a say in decisions such as "
                     "Kingston CCG governing body and the primary care commissioning "
                     "committee."),
        # PACK 883-905
        ("h1", "HEALTH AND WELLBEING BOARD WORK PROGRAMME"),
        ("np", "77", "Members of the Board are invited to put forward suggestions for "
                     "inclusion on future agendas which will be considered by the Co-Chairs."),
        ("h2", "Current scheduled items:"),
        ("table", ["Meeting", "Items"], [
            ["6 June 2019", "Private member only workshop meeting (not open to the public)"],
            ["3 September 2019", "Kingston Safeguarding Adult Board Annual Report 2018/19"],
            ["3 September 2019", "SEND Transformation update"],
            ["3 September 2019", "CAMHS Transformation Plan update"],
            ["19 November 2019", ""], ["28 January 2020", ""], ["17 March 2020", ""]],
         [5, 11]),
        ("h2", "Unscheduled items:"),
        ("bullets", ["Refresh of the Dementia Strategy", "Food Poverty Action Plan",
                     "“Prevention is better than Cure our vision to help you live well for "
                     "longer”, DHSC white paper published 5 Nov",
                     "Update on Mental Health Champions"]),
        ("p", "Board Members are requested to send any additional items to Marian Morrison, "
              "Democratic Services Officer (marian.morrison@kingston.gov.uk)."),
    ]


# Appendix B's workstream 1 activities, PACK 1745-2010 (cells put back in their rows).
_WS1_ACTIVITIES = [
    "Vision and values",
    ["Achieve formal agreement from partner organisations to the vision and values for SEND "
     "proposed at the SEND Future Conference, and develop a Memorandum of Understanding "
     "between all partner organisations that clearly sets out how they will work together to "
     "achieve those ambitions.", "0", "SEND Programme Director", "Jan-19", "Feb-19"],
    ["Hold a follow-up to the SEND Futures Conferences to raise awareness of the "
     "transformation plan and ensure that all professionals are signed-up to the vision, ways "
     "of working and activities.", "10,000", "SEND Programme Director", "Dec-19", "Jul- 2019"],
    "Governance arrangements",
    ["Establish and agree the terms of reference for the SEND Partnership Board so that is "
     "able to secure full partner engagement in the transformation plan and its delivery; "
     "agree the accountability and reporting mechanisms between the SEND Partnership Board "
     "and Health and Wellbeing Board.", "0", "SEND Programme Director", "Dec-18", "Jan-19"],
    ["Meet regularly as a SEND Partnership Board to drive the delivery of the transformation "
     "plan, ensuring that there is a culture of strong support and constructive challenge "
     "focused on joining up services, sharing resources, managing risks together and finding "
     "creative solutions to challenges.", "0", "Chair, SEND Partnership Board", "Jan-19",
     "Apr-22"],
    ["Review the governance arrangements for decision-making on children’s and young "
     "people’s SEND placements, including shared arrangements such as the Joint Agency Panel, "
     "to reduce duplication and ensure there is a continual focus on improving outcomes at "
     "reduced cost.", "0", "Associate Director: Strategy and Transformation", "Nov-18",
     "Feb-19"],
    "Cultural change",
    ["Map the stakeholders involved in the SEND system and implement a clear communications "
     "and engagement plan so that there is shared ownership of the vision, values, ways of "
     "working and activities that will successfully deliver the transformation plan and "
     "required outcomes.", "0", "SEND Programme Director", "Dec-18", "Jan-19"],
    "Engagement and co-production",
    ["Support Contact (national charity) with the development of a new local Parent-Carer "
     "Forum fulfilling the requirements of the Children and Families Act 2014 and leading to "
     "an effective working relationship that promotes meaningful engagement, parental buy-in "
     "and co-production of sustainable solutions.", "0",
     "Associate Director: Business Development", "Oct-18", "Sep-19"],
    ["Work with children and young people to audit how they have their say and are involved "
     "in decisions about their own support; and the information available to them about "
     "processes", "0", "Associate Director: Business Development", "Jan-19", "Jul-19"],
    "Intelligence and insight",
    ["Expand the current range of key performance indicators to create a data observatory "
     "with information from all service providers to unlock new intelligence and insight and "
     "inform prioritisation and the development of new strategies.", "8,000",
     "Head of Intelligence", "Jan-19", "Jun-19"],
    "Sustainable funding",
    ["Establish a shared understanding of local funding responsibilities for each partner "
     "organisation to ensure these are aligned with the expectations in the SEND Code of "
     "Practice (2014).", "0", "Associate Director: SEND", "Feb-19", "Apr-19"],
]

# PACK 2013-2154 (the second risk's own words are printed after the page break, PACK 2123).
_WS1_RISKS = [
    ["Lack of partner engagement and shared ownership of the plan.",
     "There is no or limited traction in delivering the system change and behaviours that are "
     "necessary to transform services and achieve better outcomes for children and young "
     "people with SEND within the financial resources available.", "Mitigate",
     "Provide strong leadership of the SEND Partnership Board at Chief Executive level. "
     "Achieve early sign-up from all key partner agencies to the vision, shared values and key "
     "activities in the SEND transformation plan. Obtain support and have oversight from the "
     "Health and Wellbeing Board. Put in place regular meetings and reporting to share "
     "progress and achievements.", "Moderate"],
    ["Ineffective governance of the SEND Partnership Board and workstreams.",
     "There is a lack of focus and pace in delivering activities, and drift and delay in "
     "decision making. There is duplication and mixed messaging from partnership boards and "
     "other organisations working in this arena, including the Health and Wellbeing Board, "
     "SEND Partnership Board and the Education Commission.", "Mitigate",
     "Develop governance structures that all clearly understood and adhered to by all "
     "stakeholders. Ensure there is effective stakeholder representation on the SEND "
     "Partnership Board and six workstreams. Develop a protocol between the SEND Partnership "
     "Board and the Education Commission to avoid duplication. Establish a detailed "
     "communications plan.", "Low"],
    ["Inability to appoint an effective and engaged Parent-Carer Forum that is able to work "
     "collaboratively in the SEND partnership.",
     "The voices and opinions of parents and carers do not inform strategic decision-making. "
     "Implementation of the plan is not successful as parents are not informed, aware or "
     "signed up to the system change required.", "Mitigate",
     "Close working with Contact to source a new Parent-Carer Forum (PCF). Review of the "
     "lessons learned from Achieving for Children’s working relationship with the previous "
     "PCF, and system-wide implementation of learning to ensure co-production. PCF membership "
     "of the SEND Partnership Forum and workstreams.", "Moderate"],
    ["Lack of capacity and capability to drive and deliver transformation.",
     "Key activities in the plan cannot be delivered within the timescales necessary. Partner "
     "organisations, parents and carers lose faith in their ability to achieve system change.",
     "Mitigate",
     "Sufficient resources from all partner organisations are allocated to deliver the "
     "activities in the plan. There is strong senior leadership of the six workstreams. A "
     "programme to upskill the workforce to deliver the plan. Additional resources and "
     "expertise are sourced externally where this is required.", "Moderate"],
    ["No agreement with schools and the Schools Forum to transfer funding between DSG blocks.",
     "There is a significant financial gap in the plan for 2019/20, 2020/21 and 2021/22 which "
     "will need to be met from other activities in the plan. The Council is required to "
     "request a disapplication of the Schools Forum decision from the Secretary of State for "
     "Education which is against the current policy position of the administration.",
     "Accept",
     "There is ongoing engagement with individual schools and the Schools Forum about funding "
     "allocation. Discussions continue with the Department for Education on the national DSG "
     "funding formula. Contingency plans are established to allocate the funding shortfall to "
     "other actions within the plan.", "High"],
]

_INSUFFICIENT_PLACES = (
    "There are insufficient local special school places to meet the needs identified in the "
    "ten-year SEND provision plan, making the Council more reliant on maintained and special "
    "schools outside the borough and on non-maintained and independent school provision.")

# PACK 2656-2775
_WS3_RISKS = [
    ["The free school presumptive route does not successfully secure providers to establish "
     "the two special free schools approved to proceed by the Department for Education.",
     _INSUFFICIENT_PLACES, "Accept",
     "A detailed marketing programme evidences the need for local special school provision "
     "and demonstrates the full benefits of the opportunity to potential providers.", "High"],
    ["Support from schools for the local SEND provision plan is not consistent or sufficient "
     "to create the additional school places required.", _INSUFFICIENT_PLACES, "Mitigate",
     "There is effective engagement and communication with schools through existing networks "
     "to agree the local provision plan. Proposals are based on a detailed analysis of local "
     "needs. Good consultation with schools and other stakeholders lead to strong proposals "
     "and well managed plans to develop new provision.", "Moderate"],
    ["There are substantial delays to the design and construction of special school buildings "
     "and provisions.", _INSUFFICIENT_PLACES, "Mitigate",
     "Effective programme management of building works by the Council and its contractors. "
     "Good liaison between the Council and its contractors and Achieving for Children enables "
     "the development of contingency plans where this is necessary.", "Moderate"],
    ["Parents and carers do not accept that local mainstream schools, specialist resource "
     "provisions, and special schools are able to meet their child’s assessed needs.",
     "There is an increase in the number of disputed EHCPs and appeals to the First-Tier SEND "
     "Tribunal on the basis of parental preference. The workload for SEND professionals is "
     "increased and there is a potential for the tribunal to direct that the local authority "
     "makes alternative and higher cost provision.", "Mitigate",
     "There is a clear marketing strategy to promote the resources and facilities available "
     "in local provision and the outcomes they achieve for children and young people with "
     "SEND. The quality of local provision is actively promoted by all practitioners in their "
     "relationships with parents and through their professional networks.", "High"],
    ["Local therapy provision is unable to be delivered to meet the identified needs of "
     "children with disabilities.",
     "Children’s therapeutic needs cannot be met locally leading to placements in more "
     "specialist school provision and at a higher cost,", "Mitigate",
     "The therapies needs analysis is developed in conjunction with local health "
     "commissioners and providers. The evidence supports development of local therapy "
     "solutions including the provision of additional services and upskilling the workforce. "
     "There is wide buy-in to the plan at all levels of the health commissioning sector, "
     "including NHS London, the South West London Alliance of CCGs, and the Kingston and "
     "Richmond CCG.", "Moderate"],
]

_RISK_HEADERS = ["Risk", "Impact", "Strategy", "Action(s)", "Risk score"]
_RISK_WIDTHS = [5.5, 6.5, 2.2, 8.5, 2.3]
_MEASURE_HEADERS = ["Success measure", "National Benchmark 2017/18", "Baseline September 2018",
                    "2018/19 Target", "2019/20 Target", "2020/21 Target", "2021/22 Target"]
_MEASURE_WIDTHS = [9.0, 2.6, 2.6, 2.3, 2.3, 2.3, 2.3]


def _report_b() -> list[tuple]:
    return [
        # PACK 1006-1385
        ("front", "28 March 2019", "SEND Transformation Plan", [
            "Portfolio Holder for Children’s Services",
            "Report by Interim Director of Children’s Services"]),
        ("h2", "Purpose"),
        ("p", "To brief the Health and Wellbeing Board on the SEND Transformation Plan"),
        ("p", "It is recommended that The Health and Wellbeing Board: -"),
        ("p", "endorses the SEND Transformation Plan as a working plan for publication on the "
              "Local Offer and Council websites."),
        ("h2", "Key Points"),
        ("np", "A.", "The delivery of an action plan (i.e. the SEND Transformation Plan, attached "
                     "at Annex 1) that brings Kingston’s spending on high needs to a sustainable "
                     "level that matches spending on high needs to the income it expects to "
                     "receive in future years is a condition stipulated by the Department of "
                     "Education of the £3m DSG advance Kingston received in 2018/9."),
        ("np", "B.", "In addition to the financial situation, there is a need to improve the "
                     "quality of education provision for children and young people with SEND "
                     "in Kingston. Proposals to deliver this service improvement, including "
                     "issues identified in the Ofsted and CQC Local Area SEND inspection in "
                     "September 2018 and detailed in the subsequent Written Statement of Action "
                     "(WSoA), are incorporated in the SEND Transformation Plan."),
        ("np", "C.", "It was resolved at the Children’s and Adults’ Care and Education "
                     "Committee meeting on 22 November 2018 that a consultation process on the "
                     "draft Transformation Plan be undertaken, the results of which would "
                     "inform the Council’s budget decision-making process for 2019/20."),
        ("np", "D.", "The results of the consultation process on the draft SEND Transformation "
                     "Plan were noted and considered at the Children’s and Adults’ Care and "
                     "Education Committee on 7 February. At the same meeting the draft "
                     "Transformation Plan was approved in principle, subject to approval by "
                     "Full Council at its meeting in February of the related budget provisions "
                     "for 2019/20, and to the Transformation Plan being regularly reviewed and "
                     "updated at the SEND Partnership Board (six meetings per year). The Plan "
                     "is to be published on an iterative basis on the Local Offer and Council "
                     "websites, with effect from the start of the new financial year."),
        ("np", "E.", "At the Full Council meeting on 26 February, the related budget provisions "
                     "for 2019/20 were approved."),
        ("h2", "Context"),
        ("np", "1.", "There are approximately 3,700 children and young people with special "
                     "educational needs and disability (SEND) aged 0 to 25 living in, or going "
                     "to school in Kingston; 1,200 children and young people living in "
                     "Kingston have an Education, Health and Care Plan (EHCP). Over the past 4 "
                     "years the total number of EHCPs in RBK has increased each year by between "
                     "7 and 12%."),
        ("np", "2.", "Expenditure on services funded by the Dedicated Schools Grant (DSG) has "
                     "exceeded Government grant allocation since and including 2014/5. The "
                     "accumulated overspend is forecast to be £11.1m by the end of 2018/9, and "
                     "would be £14.1m without the £3m Dedicated Schools Grant (DSG) advance "
                     "provided by the Department for Education (DfE) in the current financial "
                     "year. Without significant changes to the local system of providing "
                     "education for children and young people with special educational needs "
                     "and disabilities (SEND), the accumulated overspend is forecast to be £38m "
                     "by 2022."),
        ("np", "3.", "The cause of the overspend is the mismatch between the amount of funding "
                     "provided by Government in the High Needs Block (HNB) of the DSG and the "
                     "cost of delivering related services. 95% of these services relate to "
                     "education provision for children and young people with SEND."),
        ("h2", "Proposal and Options"),
        ("np", "6.", "It was agreed at the Health and Wellbeing Board on 15th November 2018 that "
                     "governance arrangements of the SEND Transformation Plan would be overseen "
                     "by the Health and Wellbeing Board to secure full engagement from partner "
                     "organisations such as the CCG, health providers, and voluntary sector "
                     "organisations in order to promote constructive debate, scrutiny and "
                     "challenge. It was agreed that The Board is well placed to strategically "
                     "oversee the delivery of the plan as it is the forum where leaders from "
                     "the local health and care system work together to improve the health and "
                     "wellbeing of the local population, including children and young people "
                     "with disabilities."),
        ("np", "7.", "It was resolved at the Children’s and Adults’ Care and Education "
                     "Committee meeting on 22 November 2018 that the oversight of the SEND "
                     "Transformation Plan would be by the Health and Wellbeing Board and that "
                     "the Health and Wellbeing Board would be authorised to oversee the "
                     "implementation of the SEND Transformation Plan and to refer any "
                     "recommendations to the Children’s and Adults’ Care and Education "
                     "Committee."),
        ("h2", "Timescale"),
        ("np", "14.", "If the Health and Wellbeing Board endorse the SEND Transformation Plan as "
                      "a working plan for publication on the Local Offer and Council websites, "
                      "it will be published at the beginning of the new financial year."),
        ("np", "15.", "The SEND Transformation Plan will return to the Children’s and Adults’ "
                      "Care and Education Committee and the Health and Wellbeing Board on a six "
                      "monthly basis."),
        ("h2", "Resource Implications"),
        ("np", "19.", "The SEND Transformation Plan includes detail on resource and financial "
                      "implications. If no action is taken the overspend on SEND will be "
                      "greater than could be met from the Council's general fund and reserves. "
                      "The specific and fundamental financial implication of not agreeing and "
                      "implementing a plan which brings expenditure on SEND into balance with "
                      "the DSG is that the Council may not be able to set a balanced budget."),
        ("h2", "Risk Assessment"),
        ("np", "24.", "The SEND Transformation Plan, attached as Annex 1, includes risk "
                      "assessments of proposed actions."),
        ("h2", "Benefits to the Community"),
        ("np", "29.", "The aim is to bring expenditure on services in year into balance with the "
                      "Dedicated Schools Grant (DSG) by 2021/22, and for the Local Area to "
                      "better meet its statutory obligations for SEND."),
        ("p", "Author of report - Pauline Maddison, Interim Director of Children’s Services, "
              "pauline.maddison@achievingfoprchildren.org.uk"),
        ("p", "Background papers held by - Ashley Whittaker, Programme Director, 020 8891 7551 "
              "ashley.whittaker@achievingforchildren.org.uk"),
        ("break",),
        # PACK 1386-1640: Annex 1, the plan itself.
        ("h1", "Kingston upon Thames SEND Transformation Plan 2019/20 to 2021/22"),
        ("h2", "1. INTRODUCTION"),
        ("p", "As a local partnership we are committed to supporting children and young people "
              "with special educational needs and disabilities to achieve the very best "
              "outcomes. We want every child and young person to have an educational "
              "experience that empowers and inspires them, unlocks and nurtures their "
              "talents, and provides a solid foundation for a happy and fulfilling life."),
        ("h2", "2. OUR CONTEXT AND CHALLENGES"),
        ("p", "There are 3,577 children and young people with SEND aged 0 to 25 in Kingston "
              "upon Thames; 1,130 of these children and young people (32%) have an Education, "
              "Health and Care Plan (EHCP) to describe and put in place the educational "
              "provision and support that they need. The main presenting needs in local EHCPs "
              "are: disorders on the autistic spectrum (35%), speech, language and "
              "communication needs (21%); and social, emotional and mental health needs (14%). "
              "The highest proportion of EHCPs and SEND support is for children and young "
              "people aged 11 to 15 (39%) and in particular males aged 12 to 14."),
        ("h2", "3. OUR VISION FOR 2020 AND BEYOND"),
        ("p", "Our vision is that every child and young person with SEND is supported to engage "
              "in learning and has an educational experience that inspires them, unlocks and "
              "nurtures their talents, and provides a solid foundation for a happy and "
              "fulfilling life."),
        ("bullets", [
            "Children, young people, parents and carers are listened to and engaged in the "
            "design and delivery of strategies, services and the support provided to them.",
            "Provision is high quality and delivered by well trained and supported "
            "professionals who work effectively together and use evidence to inform their "
            "work, promote resilience and achieve positive outcomes for children and young "
            "people with SEND; services that cannot demonstrate this positive impact are "
            "re-provided or re-commissioned.",
            "Local provision is expanded so that children’s education, health and care needs "
            "can be met locally; it is focussed on achieving the best possible outcomes for "
            "children and young with SEND, maximising their independence and preparing them "
            "for successful adulthoods."]),
        ("h2", "5. GOVERNANCE ARRANGEMENTS"),
        ("p", "The SEND Partnership Board will be accountable to the Health and Wellbeing Board "
              "for the successful coordination and delivery of the plan. Individual partner "
              "organisations will remain subject to their own governance arrangements in "
              "relation to the activities allocated to them in the plan, particularly where "
              "these require policy changes. For the Council and Achieving for Children, this "
              "will be the Children’s and Adults’ Care and Education Committee; for decisions "
              "relating to health commissioning for children with disabilities, this will be "
              "the CCG governing body."),
        ("p", "To drive the progress of the plan, we will refresh the SEND Partnership Board. "
              "It will be chaired by the Chief Executive of the Royal Borough of Kingston upon "
              "Thames and will bring together senior leaders from the services responsible for "
              "delivering the activities in the plan, with the Parent-Carer Forum, Parent "
              "Panel, voluntary sector organisations, and local experts."),
        ("h2", "6. TRANSFORMING SEND SERVICES"),
        ("h3", "6.1 WORKSTREAM 1: STRATEGY AND GOVERNANCE"),
        ("p", "Workstream Lead: Ian Dodds - Managing Director, Achieving for Children; and "
              "parent/carer representative"),
        ("h4", "Workstream objectives"),
        ("bullets", [
            "Establishing effective governance arrangements that secure full partner "
            "engagement and the robust scrutiny of progress",
            "Fostering productive and positive relationships between parents and carers and "
            "their service providers, including with the new Parent-Carer Forum, to facilitate "
            "co-production and to understand and evaluate the impact of our transformation "
            "activities",
            "Establishing a shared approach to the analysis of local needs so that we are "
            "better able to forecast and plan local provision for children and young people "
            "with SEND",
            "Leading system-wide cultural change to upskill professionals, generate a genuine "
            "shared sense of purpose, and facilitate new ways of working within and across all "
            "partner organisations"]),
        ("h4", "Expected Impact"),
        ("table", _MEASURE_HEADERS, [
            ["Percentage (%) of identified stakeholders formally signed up to the vision, "
             "values and outcomes of the SEND transformation plan.",
             "Not collected", "0%", "80%", "100%", "100%", "100%"],
            ["Percentage (%) of identified professionals completing multi-agency training on "
             "working together to improve outcomes for children and young people with SEND.",
             "Not collected", "0%", "50%", "100%", "100%", "100%"],
            ["Percentage (%) of parents and carers who say that the SEND services and support "
             "that their child receives are good or better.",
             "Not collected", "Not collected", "40%", "55%", "70%", "85%"],
            ["Percentage (%) of children and young people who say that the SEND services and "
             "support they receive are good or better.",
             "Not collected", "Not collected", "40%", "55%", "70%", "85%"]],
         _MEASURE_WIDTHS),
        ("h4", "Activities"),
        ("table", ["Activity", "Financial investment £", "Lead", "Start date", "End date"],
         _WS1_ACTIVITIES, [13.0, 2.6, 5.0, 2.2, 2.2]),
        ("h4", "Risk analysis"),
        ("p", "These risks and the risk management actions are owned by the chair of the "
              "strategy and governance workstream."),
        ("table", _RISK_HEADERS, _WS1_RISKS, _RISK_WIDTHS),
        # PACK 2399-2420 and 2656-2775
        ("h3", "6.3. WORKSTREAM 3: LOCAL PROVISION"),
        ("p", "Workstream Lead: Pauline Maddison, Director of Children’s Services, Kingston "
              "Council; and task and finish group leads"),
        ("p", "The local provision workstream will lead the development of capacity and "
              "quality in local education, health and social care services for children with "
              "SEND so that the needs of as many children and young people as possible are met "
              "in their local communities, reducing our reliance on mainstream and special "
              "schools outside the borough and on higher-cost provision in independent and "
              "non-maintained special schools."),
        ("h4", "Risk analysis"),
        ("p", "These risks and the risk management actions are owned by the chair of the local "
              "provision workstream:"),
        ("table", _RISK_HEADERS, _WS3_RISKS, _RISK_WIDTHS),
        # PACK 3916-4080 (row labels put back with their figures)
        ("h2", "7. FINANCIAL SUSTAINABILITY"),
        ("p", "There is significant and escalating financial pressure in relation to the "
              "provision of high needs education services at both a local and national level. "
              "At the 31st March 2019 the Council expects to carry forward a cumulative debt of "
              "over £11m in relation to education services."),
        ("p", "We plan to tackle this funding gap in three ways:"),
        ("bullets", [
            "We are committed to continuing to provide cashflow to protect high needs services "
            "whilst expenditure is brought in to line with available grant funding,",
            "We will invest in local services to ensure that they are both high quality and "
            "cost efficient,",
            "We will challenge ourselves to ensure that our systems are efficient and "
            "affordable."]),
        ("table", ["", "2018/19 £m ACTUAL", "2019/20 £m FORECAST", "2020/21 £m FORECAST",
                   "2021/22 £m FORECAST"], [
            ["High needs budget", "26.701", "23.149", "23.399", "23.649"],
            ["Forecast spend including new demand before actions", "30.028", "30.334",
             "32.434", "34.301"],
            ["Saving required to balance the high needs block", "3.327", "7.185", "9.035",
             "10.652"],
            "Financial impact of workstream actions",
            ["Strategy and Governance Workstream", "-1.281", "-0.966", "-1.066", "-1.116"],
            ["Commercial Thinking Workstream", "-0.140", "-0.635", "-0.930", "-1.220"],
            ["Local Provision Workstream", "-0.361", "-0.875", "-1.250", "-1.552"],
            ["Early Intervention and Transition", "-0.145", "-0.500", "-1.000", "-1.500"],
            ["Assessment and Planning Workstream", "-0.100", "-1.750", "-3.350", "-5.264"],
            ["Total financial impact of actions", "-2.027", "-4.726", "-7.596", "-10.652"],
            ["Cumulative financial impact of actions", "-2.027", "-6.753", "-14.349",
             "-25.000"],
            ["In year high needs funding shortfall after savings", "1.300", "2.459", "1.440",
             "0.000"],
            ["Alternative funding", "-0.846", "0.000", "0.000", "0.000"],
            ["Cumulative DSG funding shortfall", "11.144", "13.604", "15.043", "15.044"]],
         [10.0, 3.5, 3.5, 3.5, 3.5]),
    ]


# Appendix C's WSOA rows (cells put back in their rows), PACK 7442-9525.
_WSOA_HEADERS = ["Actions", "Lead Officer", "Timescale", "Progress update January 2019"]
_WSOA_WIDTHS = [6.5, 3.5, 2.8, 6.0]


def _report_c() -> list[tuple]:
    return [
        # PACK 7031-7206
        ("front", "28 March 2019",
         "Ofsted and CQC Local Area SEND Inspection, Written Statement of Action", [
             "Portfolio Holder for Children’s Services",
             "Report by Director of Children’s Services"]),
        ("h2", "Purpose"),
        ("p", "To update the Board on progress with the Written Statement of Action"),
        ("h2", "Recommendation:"),
        ("p", "The Board notes that Ofsted and the CQC have deemed the proposed Written "
              "Statement of Action, submitted in February 2019, to be “fit for purpose”"),
        ("h2", "Key Points"),
        ("np", "A.", "At the meeting on 15 November 2018 the Board requested a report on the "
                     "“Sign off Statement” of the Written Statement of Action (WSoA) be brought "
                     "to the next meeting."),
        ("np", "B.", "The proposed WSoA was submitted to Ofsted and the CQC in February 2019."),
        ("np", "C.", "Ofsted and the CQC wrote to the Director of Children’s Services and the "
                     "Managing Director of the CCG on 6 March 2019, confirming that “the "
                     "statement of action is deemed to be fit for purpose in setting out how "
                     "the local area will tackle the significant areas of weakness identified "
                     "in the published report letter” ."),
        ("np", "D.", "The WSoA will be published on the Local Offer website."),
        ("h2", "Context"),
        ("np", "1.", "In September 2018 the Office for Standards in Education, Children’s "
                     "Services and Skills (Ofsted) and Care Quality Commission (CQC) conducted "
                     "a joint inspection of the local area of Kingston upon Thames to judge the "
                     "effectiveness of the area in implementing the disability and special "
                     "educational needs reforms as set out in the Children and Families Act "
                     "2014."),
        ("np", "2.", "As a result of the findings of the inspection it was determined that a "
                     "Written Statement of Action was required because of significant areas of "
                     "weakness in the local area’s practice. The local authority and the area "
                     "CCG were jointly responsible for submitting the WSoA to Ofsted."),
        ("np", "3.", "The WSoA explains how the local area will tackle the following areas:"),
        ("bullets", [
            "the overall poor quality and monitoring of EHC plans, including contributions "
            "from health professionals",
            "the timeliness of leaders ensuring that the annual review process and any "
            "subsequent amendments to EHC plans are consistently made in line with the SEN "
            "code of practice",
            "the strategic leadership and monitoring of the CCG’s work in implementing the "
            "2014 reforms",
            "to ensure that there is a productive and positive relationship between parents "
            "and parent representatives, including a parent carer forum."]),
        ("h2", "Proposal and Options"),
        ("np", "5.", "The latest version of the WSoA is attached at Annex 1 to this report. The "
                     "WSoA has been updated to reflect comments made by Ofsted and the CQC in "
                     "their letter of 6 March."),
        ("h2", "Timescale"),
        ("np", "7.", "Ofsted and the CQC will monitor the implementation of the WSoA through a "
                     "series of monitoring visits undertaken by the DfE and NHS England. "
                     "Kingston’s first monitoring visit has already taken place."),
        ("np", "8.", "Local Areas implementing a WSoA are usually revisited by Ofsted and the "
                     "CQC within 18 months of their WSoA being accepted as fit for purpose. "
                     "Kingston’s revisit will focus on the progress made, since the original "
                     "inspection, against each of the actions in the WSoA."),
        ("np", "9.", "Where a local area is considered to have made sufficient progress against "
                     "its WSoA, monitoring visits from the DfE and NHS England will cease. DfE "
                     "and NHS England will determine on a case by case basis the next steps "
                     "for any local areas that have made insufficient progress."),
        ("h2", "Legal Implications"),
        ("np", "11.", "None for the purposes of this report."),
        ("h2", "Health Implications"),
        ("np", "15.", "Another aspect of the plan with very positive health implications is the "
                      "centrality of enhanced therapy provision within the proposals for an "
                      "improved local offer. The WSoA has been co-produced between AfC and the "
                      "CCG to address the areas of weakness identified in the SEND inspection. "
                      "Progress will be monitored through the engagement of the CCG in the "
                      "delivery of the SEND Transformation Plan and through the Kingston CCG "
                      "Governing Body."),
        ("h2", "Benefits to the Community"),
        ("np", "17.", "Implementation of the WSoA will reassure families that local services "
                      "are making progress in implementing the disability and special "
                      "educational needs reforms as set out in the Children and Families Act "
                      "2014. The monitoring visits will identify where further work is needed, "
                      "and help to highlight improvements made to SEND services in delivering "
                      "better outcomes for children and young people."),
        ("p", "Author of report - Pauline Maddison, Director of Children’s Services"),
        ("p", "Background documents Held by Ashley Whittaker, Programme Director, 020 8891 "
              "7551 ashley.whittaker@achievingforchildren.org.uk"),
        ("break",),
        # PACK 7207-7235 and 7291-7362
        ("h1", "Written Statement of Action: Introduction"),
        ("p", "This document outlines the commitment of Kingston Council, Kingston’s Clinical "
              "Commissioning Group (CCG) and Achieving for Children (AfC) to address the areas "
              "of concern which were identified in Kingston’s local area SEND inspection, which "
              "took place between 17-21 September 2018."),
        ("p", "The monitoring of the progress towards addressing the agreed significant "
              "concerns will take place in a quarterly meeting with the Department for "
              "Education (DfE) and NHS England, and feeding into this our progress will be "
              "considered through the Kingston SEND Partnership Board which will be held on "
              "the same day. Other SEN team plans, CCG work plans and internal performance "
              "systems will all measure progress and ensure strong accountability."),
        ("p", "In addition to the SEND Partnership Board, governance of the WSOA is also "
              "overseen through AfC and CCG internal governance mechanisms:"),
        ("table", ["Governance Mechanism", "Activity", "Significant Concern"], [
            "Achieving for Children",
            ["Performance, Quality and Improvement Board",
             "Monthly oversight of the written statement of action through SEN dataset and "
             "qualitative discussion across social care and health partners", "1,2,3,4"],
            ["AfC Senior Leadership Team",
             "Monthly senior leadership team to focus on progress in SEN team action plan",
             "1,2,3"],
            ["AfC Workforce Board",
             "Focus on professional development for SEN, social care and health teams", "1,2"],
            ["AfC Director’s Board", "Accountable for AfC overall performance", "1,2,3,4"],
            ["Parent Consortium", "Termly Update", "1,2,3,4"],
            "Clinical Commissioning Group",
            ["Kingston Clinical Commissioning Group Governing Body",
             "Accountable for the overall performance of KCCG and bi-monthly oversight of the "
             "written statement of action through SEN dataset and qualitative discussion across "
             "Social Care and Education partners", "1,2,3,4"],
            ["Kingston and Richmond Integrated Quality Governance Committees in Common",
             "Monthly focus on the performance, quality and delivery of the written statement "
             "of action", "1,2,3,4"],
            ["Kingston and Richmond Finance Committees in Common",
             "Responsible for approving financial resources to support the delivery of the "
             "written statement of action.", "1,2,3,4"]],
         [6.0, 9.5, 3.0]),
        # PACK 7364-7392: the key; the reference prints "GREEN" for the dark green row.
        ("h2", "RAG RATING KEY"),
        ("table", ["RAG rating", "Meaning"], [
            ["RED", "The action has not yet started or there is significant delay in "
                    "implementation. The action must be prioritised to bring it back on track "
                    "to deliver improvement."],
            ["AMBER", "The action has started but there is some delay in implementation. The "
                      "action must be monitored to ensure the required improvement is "
                      "delivered."],
            ["LIGHT GREEN", "The action is on track to be completed by the agreed date. "
                            "Evidence is required to show that the improvement has been "
                            "embedded and sustained."],
            ["DARK GREEN", "The action has been completed and there is evidence that the "
                           "improvement has been embedded and sustained."]],
         [3.5, 15.0]),
        # PACK 7393-7961
        ("h2", "Significant Concern 1: The overall poor quality and monitoring of Education, "
               "Health and Care plans, including contributions from health professionals"),
        ("p", "Aim of this programme of work: Every EHC plan will be fit for purpose and fulfil "
              "statutory requirements under the 2014 Children and Families Act"),
        ("p", "KPIs / Targets for assessing overall success of the programme:"),
        ("bullets", [
            "95% of new EHC plans completed by August 2019 in 20 week timescale, and all "
            "partners complete assessments in a timely manner",
            "Feedback from Parents and carers indicates confidence in the assessment process "
            "and the quality of final EHC plans",
            "Feedback from Education settings indicates confidence in the assessment process "
            "and the quality of final EHC plans"]),
        ("table", _WSOA_HEADERS, [
            ["Training and Induction of staff: Revisit principles of 2014 reforms across AfC, "
             "Providers and health teams - training presentation to be shared with all teams. "
             "Cascade learning about SEND 2014 reforms.",
             "Educational Psychologist & Director for Education Services",
             "Training completed to wider teams by 30/4/19",
             "Director for Education Services has drafted first of series of briefings for "
             "all AfC staff, first to be sent following publication of SEND Inspection Report "
             "This will be shared with public Health and CCG for broader circulation."],
            ["Write and lead training on process, specificity, and writing high quality EHCPs "
             "for schools, health partners and social care - led by Educational Psychology "
             "Service, Designated Clinical Officer, Social Care and SEN Leaders.",
             "Educational Psychology Service, Designated Clinical Officer, Social Care and "
             "SEN Leaders",
             "Designated Clinical Officer, SEN and Social care to complete more detailed "
             "training by 30/6/19",
             "Module 1 is being written. Dates of delivery for Module 1 have been agreed. Plan "
             "for invitations to be sent w/c 29/10/18. Each module will be delivered 3 times "
             "in 3 different venues. These will then be evaluated and inform modules 2, 3 & "
             "4."],
            ["Add capacity to SEN team to fulfil quality assurance activity through senior "
             "leaders, and to implement effective data system through Business Support team.",
             "Director for Education Services & AD SEND", "February 2019",
             "New posts appointed."],
            ["Review and further develop quality assurance overarching framework which will "
             "enable all partners to evaluate statutory duties and the impact of EHC "
             "assessment on children and young people’s outcomes.",
             "KCCG Director of Quality, Designated Clinical Officer", "June 2019",
             "Programme of quality assurance agreed across SEN and school seconded staff. "
             "Initial discussions held with the Council for Disabled Children and agreed that "
             "local area will receive the support in developing its approach to quality "
             "assurance."]],
         _WSOA_WIDTHS),
        ("h2", "Significant concern 2: The timeliness of leaders in ensuring that the annual "
               "review process and any subsequent amendments to EHC plans are consistently made "
               "in line with the SEN code of practice"),
        ("p", "Aim of this programme of work: Annual reviews and subsequent amendments for EHC "
              "plans will be completed effectively and in line with the statutory duties of the "
              "2014 Children and Families Act"),
        ("table", _WSOA_HEADERS, [
            ["Synergy upgraded to support overview of annual review process, numbers and "
             "dates. Use this to triage all annual reviews and establish model for "
             "prioritising to include independent and out of borough schools.",
             "Director for Education Services; Head of Intelligence, AfC", "Spring term 2019",
             "Triage completed, all plans have been RAG rated and actions now prioritized"],
            ["Develop and lead annual review training for school SENCOs, SEN Team and health / "
             "social care partners.",
             "SEN Team, Educational Psychology Team, Associate Director for SEND",
             "Programme to run from November 2018 - June 2019",
             "Training session 1 completed November 2018"]],
         _WSOA_WIDTHS),
        # PACK 8177-8420
        ("h2", "Significant Concern 3 - The strategic leadership and monitoring of the CCG’s "
               "work in implementing the 2014 reforms"),
        ("p", "Aim of this programme of work: To ensure the CCG effectively discharges its "
              "responsibilities under the Children and Family Act and demonstrates its "
              "contribution to improving outcomes for children and young people with SEND"),
        ("table", _WSOA_HEADERS, [
            ["Agree and appoint the Governing Body SEND Executive to be accountable for the "
             "SEND reforms", "KCCG Managing Director", "January 2019",
             "Role specification in the process of being finalised."],
            ["KCCG Governing Body to agree a formal statement of commitment to improving "
             "outcomes for children and young people with SEND", "KCCG Managing Director",
             "January 2019",
             "The formal statement of commitment to improving outcomes for children and young "
             "people with SEND was agreed at the January 2019 KCCG Governing Body meeting"],
            ["Increase the number of weekly Designated Medical Officer sessions from one to "
             "two", "Director of Quality", "January 2019",
             "Funding approved for increase in Designated Medical Officer sessions at December "
             "2018 K&R Finance Committees in Common. Designated Medical Officer providing "
             "increased sessions from January 2019"],
            ["Appoint a Designated Clinical Officer (DCO) 1wte post to provide overarching "
             "leadership across both Kingston and Richmond CCGs to ensure delivery of the SEND "
             "reforms", "Director of Quality", "April 2019",
             "Funding approved for 1.0wte DCO to work across Kingston and Richmond CCGs at Dec "
             "18 K&R Finance Committees in Common. Agreed DCO to report to the Director of "
             "Quality. Job Description completed. Recruitment Commenced."]],
         _WSOA_WIDTHS),
        # PACK 9259-9525
        ("h2", "Significant Concern 4: To ensure that there is a productive and positive "
               "relationship between parents and parent representatives, including a parent "
               "carer forum."),
        ("p", "Aim of this programme of work: To develop effective and proactive partnerships "
              "with parents, parent representatives and a Parent Carer Forum that facilitates "
              "effective engagement and co-production in the implementation and embedding of "
              "the SEND reforms."),
        ("table", _WSOA_HEADERS, [
            ["Positively engage with parents and their representatives to scope and develop a "
             "local model which facilitates effective engagement in co-production and "
             "developments.",
             "Lead Children’s Health Commissioner and Director for Education Services",
             "February 2019",
             "Initial meeting booked with ‘Contact A Family’ for November 2018"],
            ["Establish a new Parent Carer Forum for Kingston: Work with Contact to explore all "
             "local options for new Parent Carer Forum; Contact to lead local drop in sessions "
             "to gauge interest; Set up Parent Consortium in first instance to work alongside "
             "the SEND Partnership Board",
             "Contact A Family AfC KCCG", "June 2019",
             "Initial meeting with parents took place in January 2019"]],
         _WSOA_WIDTHS),
    ]


def _report_d() -> list[tuple]:
    # PACK 9541-9589, all of it.  The reference's front sheet reads "28 March 2018" (sic)
    # and gives the author's address as "koingston" (sic).
    return [
        ("front", "28 March 2018", "Board Membership - Representation of Children’s Services",
         ["Responsible Portfolio Holder - Leader of the Council"]),
        ("h2", "Purpose"),
        ("p", "To consider a proposal to strengthen the Board representation of Children’s "
              "Services."),
        ("h2", "Recommendations"),
        ("p", "To Resolve that"),
        ("numbers", ["A recommendation is made to Council to approve additional representation "
                     "on the Board for children’s services and for named alternates to the two "
                     "positions."]),
        ("break",),   # the front sheet on a page of its own
        ("h2", "Proposal"),
        ("np", "1.", "It is proposed to strengthen the representation on the Health and "
                     "Wellbeing Board for Children’s Services by adding the Assistant Director "
                     "for Health Services, Protection and Early Help, Achieving for Children. "
                     "This would be in addition to the Director of Children’s Services "
                     "(Kingston)."),
        ("np", "2.", "As the Associate Director for Health Services, Protection and Early Help "
                     "is currently the named alternate for the Director of Children’s Services, "
                     "two nominations are required to provide named alternates for the two "
                     "positions. Named alternates are needed as the Board is a committee of the "
                     "Council."),
        ("h2", "Timescale"),
        ("np", "3.", "If the proposal is supported by the Board, Full Council will be requested "
                     "to approve the membership change and the nominations at the next meeting "
                     "on 24 April 2019."),
        ("h2", "Implications"),
        ("table", ["Implication", "Comment"], [
            ["Resource Implications", "not applicable"], ["Legal Implications", "none"],
            ["Risk Assessment", "not applicable"],
            ["Equalities Impact Assessment", "not applicable"],
            ["Health Implications", "not applicable"],
            ["Environmental & Air Quality Implications", "not applicable"],
            ["Benefits to the Community", "not applicable"],
            ["Background papers", "none"]], [8.0, 8.0]),
        ("h2", "Author of report"),
        ("p", "Marian Morrison, Democratic Services Officer, marian.morrison@koingston.gov.uk, "
              "020 8547 4623"),
    ]


# ---------------------------------------------------------------- rendering


def _set_language(document, language: str) -> None:
    """Set the proofing language in the style defaults and the core properties."""
    document.core_properties.language = language
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)


def _page_field(paragraph) -> None:
    """Append a PAGE field to a paragraph."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _new_document(title: str, landscape: bool):
    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.author = AUTHOR
    properties.subject = f"{BOARD}, 28 March 2019"
    # Fixed dates so that building the reports again gives the same files.
    properties.created = properties.modified = dt.datetime(2019, 3, 19, 9, 0)
    properties.last_modified_by = AUTHOR
    properties.revision = 1
    _set_language(document, LANGUAGE)

    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 15), ("Heading 2", 13), ("Heading 3", 12),
                       ("Heading 4", 12)):
        style = document.styles[name]
        style.font.name = "Arial"
        fonts = style.element.rPr.rFonts          # drop the theme font, which wins over Arial
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    _page_field(footer)
    return document


def _table(document, headers, rows, widths) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, headers):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        _shade(cell, "D9E2F3")
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, str):   # a group row spanning the table
            merged = cells[0].merge(cells[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(row).bold = True
            _shade(merged, "F2F2F2")
            continue
        for cell, text in zip(cells, row):
            cell.text = text
    for row in table.rows:          # tables in council papers are set a size smaller
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(2)
                for run in paragraph.runs:
                    run.font.size = Pt(10)
    if widths:
        # Word reads the cell widths, LibreOffice the grid: set both.
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)
    document.add_paragraph()


def _render(document, blocks) -> None:
    for block in blocks:
        kind = block[0]
        if kind == "front":
            _, date, title, lines = block
            board = document.add_paragraph()
            board.add_run(BOARD).bold = True
            document.add_paragraph(date)
            document.add_heading(title, level=1)
            for line in lines:
                document.add_paragraph(line)
        elif kind in ("h1", "h2", "h3", "h4"):
            document.add_heading(block[1], level=int(kind[1]))
        elif kind == "p":
            document.add_paragraph(block[1])
        elif kind == "np":
            paragraph = document.add_paragraph(f"{block[1]}\t{block[2]}")
            paragraph.paragraph_format.left_indent = Cm(1.0)
            paragraph.paragraph_format.first_line_indent = Cm(-1.0)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(1.0))
        elif kind == "bullets":
            for item in block[1]:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "numbers":
            for item in block[1]:
                document.add_paragraph(item, style="List Number")
        elif kind == "table":
            _table(document, *block[1:])
        elif kind == "break":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            raise ValueError(f"unknown block {kind!r}")


def _fix_zip_dates(path: Path) -> None:
    """Give every part of the saved file one fixed date, so a rebuild changes no bytes."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2019, 3, 19, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)


REPORTS = (
    # file name, document title, landscape, content
    (FILE_A, "Partners’ Update and the Board’s Work Programme", False, _report_a),
    (FILE_B, "SEND Transformation Plan", True, _report_b),
    (FILE_C, "Ofsted and CQC Local Area SEND Inspection, Written Statement of Action", False,
     _report_c),
    (FILE_D, "Board Membership - Representation of Children’s Services", False, _report_d),
)


def build_example_reports(folder: Path) -> list[Path]:
    """Write the four example reports into `folder` and return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, title, landscape, content in REPORTS:
        document = _new_document(title, landscape)
        _render(document, content())
        path = folder / name
        document.save(str(path))
        _fix_zip_dates(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build_example_reports(Path(__file__).resolve().parent.parent / "reports"):
        print(path)
