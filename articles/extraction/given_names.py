"""Common given names by gender, to pick the antecedent of "he" and "she".

Reporters introduce a person once and then write "she said"; with two people in
play, the pronoun's gender decides. The lists hold frequent given names in
English-language and international news; a name missing here only means the
pronoun falls back to the nearest subject.
"""

FEMALE = frozenset(
    """
    abigail ada aisha alexandra alice alicia alison amanda amber amy ana andrea angela
    angelina ann anna anne annette ashley audrey barbara beatriz betty beverly brenda
    brittany camila carmen carol caroline catherine cathy charlotte cheryl christine
    cindy claire claudia colleen condoleezza cynthia dana daniela debbie deborah denise
    diana diane donna dorothy elaine eleanor elena elisabeth elizabeth ellen emily emma
    erica erin eva evelyn fatima fiona frances gabriela gina giorgia gloria grace hannah
    heather helen hillary holly ingrid irene isabel jacinda jacqueline jane janet janice
    jasmine jean jennifer jessica jill joan joanna jodi joy joyce judith judy julia
    julie kamala karen kate katherine kathleen kathryn kathy katie kayla kelly kimberly
    kristen laura lauren leah leila linda lisa liz lori louise lucy lynn madeleine maria
    marie marilyn marine martha mary megan melissa michelle monica nancy natalie nicole
    nikki nina olivia pamela patricia paula penny rachel rebecca regina renee rita
    roberta rosa rose ruth sally samantha sandra sara sarah sharon sheila shirley sofia
    sophie stephanie susan suzanne sylvia tamara teresa theresa tiffany tina tracy
    ursula valerie vanessa victoria virginia wendy yolanda yvonne zoe
    """.split()
)

MALE = frozenset(
    """
    aaron abbas abdul abraham adam adrian ahmed alan albert alejandro alex alexander ali
    andrew angel anthony antonio arthur barack ben benjamin bernard bill bob bobby boris
    brad bradley brandon brett brian bruce bryan carl carlos charles chris christian
    christopher clarence craig dale dan daniel darren dave david dean dennis derek dick
    don donald doug douglas duncan dylan ebrahim eddie edward emmanuel eric erik ernest
    esmaeil ethan eugene francis frank fred frederick gary gavin george gerald glenn
    gordon greg gregory hamid harold harry hassan henry howard hugh ian ivan jack jacob
    james jared jason javad jay jeff jeffrey jeremy jerry jesse jim jimmy joe joel john
    johnny jon jonathan jorge jose joseph josh joshua juan justin keir keith ken kenneth
    kim kurt larry lawrence lee leon lindsey louis luis luke mahmoud marco marcus mark
    martin matt matthew max michael mike mitch mohammad mohammed muhammad narendra
    nasser nathan neil nicholas nick nigel noah olaf oliver omar oscar patrick paul
    pedro peter phil philip pierre rafael ralph randy ray raymond recep richard rick
    rishi robert roberto rodney roger ron ronald roy rudy russell ryan sam samuel scott
    sean sergei sergey seth shane sidney stanley stephen steve steven stuart ted terry
    thomas tim timothy todd tom tony travis tyler vladimir volodymyr walter wayne
    william xi yusuf zachary
    """.split()
)
