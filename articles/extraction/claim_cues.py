"""The cues that make a sentence checkable or not, for checkworthiness.assess.

Each cue is a reason an editor reads in the queue, a log-odds weight, and the words or
phrases that show it. The lists are general English grammar and newsroom vocabulary,
written from what makes a claim checkable (Full Fact's and ClaimBuster's definitions):

- checkable: a figure or an amount, a date, a comparison or a record, a change in a
  quantity, an action on the record, a past event, someone's vote or position, a cited
  source, a cause;
- not checkable: an opinion or a feeling, a value judgement, a promise or a plan of the
  speaker's, a prediction, a prescription ("we must"), a question, a greeting, talk to
  the audience, a personal story.

They are not mined from any data set: the sets in shared/ measure the scorer and are
never copied into it.
"""

from __future__ import annotations

# (reason shown to editors, log-odds weight). A cue's index is its bit in assess()'s
# hit mask, so a cue counts once however often it occurs. The weights are set by hand in
# coarse steps from how surely each cue marks a checkable claim; only the bias in
# checkworthiness.py was set by checking ct24_train's development folds (see
# bench/checkworthiness_folds.py), and no weight by looking at its report folds.
CUES: tuple[tuple[str, float], ...] = (
    ("states a figure", 1.5),  # 0: digits
    ("gives an amount or a share", 1.0),  # 1: million, percent, dollars, half...
    ("counts something", 0.6),  # 2: spelled-out numbers
    ("gives a date or a period", 0.6),  # 3: years ago, since, last year, in 1990
    ("makes a comparison", 0.8),  # 4
    ("claims a record or a first", 0.8),  # 5
    ("reports a rise or a fall", 0.7),  # 6
    ("reports an action on the record", 0.8),  # 7: voted, signed, vetoed...
    ("describes a past event", 0.5),  # 8: past tense, present perfect
    ("reports someone's vote or position", 0.8),  # 9: he supports, she opposed, his plan
    ("states the speaker's record", 0.8),  # 10: I voted against, we cut
    ("cites a source or a study", 0.6),  # 11
    ("claims a cause", 0.4),  # 12
    ("about a public issue", 0.5),  # 13
    ("names a person or an institution", 0.3),  # 14
    ("opinion", -1.3),  # 15
    ("a value judgement", -0.5),  # 16
    ("a promise about the future", -1.2),  # 17
    ("a prediction", -0.4),  # 18
    ("says what should be done", -0.7),  # 19
    ("a question", -2.0),  # 20
    ("a greeting or thanks", -3.0),  # 21
    ("speaks to the audience", -1.0),  # 22
    ("a personal story", -1.0),  # 23
    ("says nothing concrete", -0.5),  # 24: a short sentence without a checkable cue
    ("too short to hold a claim", -2.0),  # 25
    ("the speaker talks about themselves", -0.6),  # 26: opens with I, I'm, let me
    ("about someone else", 0.3),  # 27: opens with he, she, they, a name or a title
)
(
    FIGURE,
    AMOUNT,
    COUNT,
    DATE,
    COMPARISON,
    RECORD,
    CHANGE,
    ACTION,
    PAST,
    POSITION,
    OWN_RECORD,
    SOURCE,
    CAUSE,
    TOPIC,
    NAMED,
    OPINION,
    JUDGEMENT,
    PROMISE,
    PREDICTION,
    PRESCRIPTION,
    QUESTION,
    GREETING,
    AUDIENCE,
    ANECDOTE,
    VAGUE,
    FRAGMENT,
    SELF,
    OTHER,
) = range(len(CUES))

LOWERING_REASONS = frozenset(reason for reason, weight in CUES if weight < 0)

# Words and phrases (underscores join a phrase's words) for the cues a word list shows.
LEXICON: dict[int, str] = {
    AMOUNT: """
        million millions billion billions trillion trillions thousand thousands hundred
        hundreds percent percentage dozen dozens half twice double doubled tripled
        quadrupled dollar dollars cents pounds euros majority minority per_cent
        a_third a_quarter one_in one_out_of two-thirds three-quarters
    """,
    COUNT: """
        two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
        forty fifty sixty seventy eighty ninety
    """,
    DATE: """
        years_ago months_ago weeks_ago days_ago year_ago last_year last_month last_week
        this_year since the_last in_the_last over_the_last over_the_past in_the_past
        yesterday
    """,
    COMPARISON: """
        more_than less_than fewer_than than_ever than_any than_anyone than_anybody
        compared_to compared_with as_many_as as_much_as ahead_of outpaced exceeded
        surpassed
    """,
    RECORD: """
        highest lowest largest biggest smallest fastest slowest poorest richest longest
        oldest worst greatest deepest strongest weakest wealthiest cheapest costliest
        most_of least a_record record_high record_low record_number record_levels
        record_level all-time the_only the_first never_before
        in_history in_the_world in_decades in_a_generation in_a_century
    """,
    CHANGE: """
        increase increased increases decrease decreased decreases rose risen fell fallen
        grew grown decline declined dropped went_up went_down gone_up gone_down
        reduced cut cuts raised lowered lost gained created added eliminated slashed
        skyrocketed soared tripled doubled shrunk shrank expanded brought_down up_by
        down_by is_up is_down are_up are_down was_up was_down
    """,
    ACTION: """
        voted passed signed vetoed sponsored authorized approved appointed invaded
        attacked sent spent borrowed paid built closed opened launched banned repealed
        enacted introduced negotiated ratified funded defunded killed died arrested
        convicted elected won endorsed filed fired hired shipped imported exported
        bankrupted earned bought sold invested received saved provided destroyed
        withdrew withdrawn deployed announced refused failed allowed ended started
        began begun
    """,
    # Irregular past forms and participles: the -ed test in assess() finds the rest.
    PAST: """
        was were had did went gone made took taken gave given came saw seen told left
        kept held brought found led built spent sent paid fought bought sold ran began
        became grew rose fell broke broken chose chosen drove wrote written spoke spoken
        stood knew known thought met said done shown won lost taught caught meant heard
        felt has_been have_been had_been didn't wasn't weren't hadn't
    """,
    POSITION: """
        his_plan her_plan their_plan his_proposal her_proposal his_budget her_budget
        his_record her_record his_position her_position his_vote her_vote
    """,
    SOURCE: """
        according_to reported report reports studies study survey surveys poll polls
        statistics figures data census estimates estimate estimated found_that
        show_that shows_that showed_that said_that says_that testified admitted
        on_record on_the_record bureau department_of experts scientists economists
        quoted
    """,
    CAUSE: """
        because_of led_to leads_to cause caused causes as_a_result due_to resulted_in
        result_of results_in responsible_for thanks_to contributed_to blamed
        therefore consequently
    """,
    TOPIC: """
        tax taxes taxed taxing taxation taxpayer taxpayers job jobs deficit deficits
        debt crime crimes unemployment unemployed economy economic inflation wage wages
        income salary salaries health_care healthcare insurance medicare medicaid
        social_security budget budgets spending trade tariff tariffs oil energy gas
        military troops nuclear weapons missile missiles immigration immigrants
        immigrant border schools school education tuition price prices interest_rates
        poverty welfare abortion gun guns police prison prisons drug drugs law laws
        bill bills legislation treaty sanctions pension pensions climate emissions
        coal manufacturing factories companies corporations bank banks stock_market
        gdp growth murder murders homicide homicides violence refugees terrorism
        terrorists terrorist war army navy defense veterans workers farmers
        families children seniors students mortgage mortgages housing recession
        subsidies loans program programs aid congress senate court rate rates
        federal government administration policy policies public benefits
        retirement hospital hospitals doctors medical premiums prescription surplus
        investment research environment pollution water farm farms agriculture
        industry industries business businesses employment minimum_wage unions
        food_stamps rent criminals judges justice rights vote votes voters election
        elections campaign lobbyists contributions arms soldiers forces peace allies
        intelligence embassy exports imports plants market markets stocks bonds
        deregulation regulation regulations treaty treaties bombers weapon nato
        security foreign troops
    """,
    OPINION: """
        i_think i_believe i_feel in_my_opinion i_hope i'm_sure i_am_sure it_seems
        i_guess i_suppose frankly i'm_convinced i_am_convinced my_view i_consider
        i_trust i_doubt we_believe we_think i_know we_know it's_time i_don't_think
        i'm_proud i_am_proud we're_proud i'm_pleased i'm_glad i'm_delighted
        i'm_honored i_love we_love i_wish
    """,
    JUDGEMENT: """
        great terrible wonderful horrible disgrace disgraceful amazing fantastic good
        bad beautiful tremendous proud nice wrong shameful shame ridiculous absurd
        incredible disaster disastrous stupid smart weak strong important fair unfair
        best worse love hate respect honor honored deserve deserves values dream hope
        faith believe reckless dangerous outrageous essential vital fundamental
    """,
    PROMISE: """
        let's my_administration_will as_president_i
    """,
    PRESCRIPTION: """
        should must ought need_to needs_to have_to has_to got_to we_can you_can
    """,
    GREETING: """
        thank_you thanks good_evening good_morning good_night hello congratulations
        congratulate welcome a_pleasure nice_to glad_to_be god_bless
    """,
    AUDIENCE: """
        your_support your_vote vote_for_me ask_you i_ask join_me let_me i'd_like_to
        i_want_to_say i_want_to_talk my_time
    """,
    ANECDOTE: """
        my_mother my_father my_wife my_husband my_grandmother my_grandfather my_family
        my_kids my_children my_daughter my_son my_dad my_mom my_brother my_sister
        i_grew_up i_was_raised i_was_born when_i_was i_remember i_met i_visited
        i_talked i_was_in i've_seen i_saw i_learned as_a_kid
    """,
}

# Words for the cues that depend on the words around them (see assess()).
FUTURE = frozenset("will won't gonna".split())
INTENT = frozenset("want wants need needs plan plans intend intends hope hopes promise promises pledge".split())
STANCE = frozenset(
    """
    supports supported support opposes opposed oppose favors favored favor favours
    favoured voted wants wanted proposes proposed endorsed endorses advocated advocates
    called calls says said believes promised pledged claimed claims argued argues insisted denied
""".split()
)
# A subject that is not the speaker: a pronoun, a title, an institution.
OTHERS = frozenset(
    """
    he she they he's she's they're they've he'd she'd they'd who president senator
    governor congressman congresswoman mayor administration congress opponent
    republicans democrats party government
""".split()
)
SPEAKER = frozenset("i we i've we've i'd we'd".split())
# Words between a subject and its verb that do not change who acts.
ADVERBS = frozenset(
    """
    also never not just still really already always actually even then now has have had
    do does did don't doesn't didn't
""".split()
)
# Verbs after these are plans, abilities or denials of intent, not reports.
NOT_REPORTED = frozenset(
    """
    to will would could should can can't must might may won't wouldn't let's
    i'll we'll you'll they'll he'll she'll
""".split()
)
# Nouns after a number word that make it the speaker's list ("three things").
ENUMERATED = frozenset("things points ways reasons questions issues areas steps".split())
COMPARATIVES = frozenset({"more", "less", "fewer", "worse", "better", "bigger"})
NOT_COMPARATIVE = frozenset({"other", "rather", "whether", "either", "neither"})
# -ed words that describe a feeling or a stance rather than report something done.
NOT_PAST = frozenset(
    """
    concerned interested pleased tired excited worried supposed used ashamed committed
    delighted thrilled humbled honoured honored expected privileged
    determined prepared blessed scared convinced surprised disappointed dedicated united
    needed talked asked called wanted seemed liked loved hoped believed feared involved
    related based so-called advanced red bed need speed indeed proceed exceed succeed
    embed shed seed feed weed breed greed hundred kindred
""".split()
)
# Words that open a sentence before its subject.
OPENERS = frozenset("and but so now well oh yes no look listen okay ok uh um sir then also again because or".split())
# A sentence whose subject is the speaker alone is about them: a feeling, a plan, a story.
SELF_SUBJECTS = frozenset("i i'm i'll i'd i've me my let let's".split())
OTHER_SUBJECTS = frozenset(
    """
    he she they he's she's they're they've his her their mr mrs ms senator governor
    president congressman congresswoman
""".split()
)
