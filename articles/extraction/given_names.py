"""Common given names by gender, to pick the antecedent of "he" and "she".

Reporters introduce a person once and then write "she said"; with two people in
play, the pronoun's gender decides. The lists hold frequent given names from
English-language and international news; a name missing here only means the
pronoun falls back to the nearest person.
"""

FEMALE = frozenset(
    """
 abigail ada aisha alexandra alice alicia alison amanda amber amy ana andrea
 angela angelina ann anna anne annette ashley audrey barbara beatriz betty beverly
 brenda brittany camila carmen carol caroline catherine cathy charlotte chelsea
 cheryl christine cindy claire claudia colleen cynthia dana daniela deborah
 debbie denise diana diane donna dorothy elaine eleanor elena elisabeth
 elizabeth ellen emily emma erica erin eva evelyn fatima fiona frances gabriela
 gina gloria grace hannah heather helen hillary holly ingrid irene isabel jacqueline
 jane janet janice jasmine jean jennifer jessica jill joan joanna jodi joy joyce
 judith judy julia julie karen kate katherine kathleen kathryn kathy katie kayla
 kelly kimberly kristen laura lauren leah leila linda lisa liz lori louise lucy
 lynn madeleine maria marie marilyn martha mary megan melissa
 michelle monica nancy natalie nicole nikki nina olivia pamela patricia paula
 penny rachel rebecca regina renee rita roberta rosa rose ruth sally samantha
 sandra sara sarah sharon sheila shirley sofia sophie stephanie susan suzanne
 sylvia tamara teresa theresa tiffany tina tracy ursula valerie vanessa 
 victoria virginia wendy yolanda yvonne zoe kamala nikki condoleezza ivanka
 chelsea sarah theresa angela jacinda ursula giorgia marine
 """.split()
)

MALE = frozenset(
    """
 aaron abdul abraham adam adrian ahmed alan albert alejandro alex alexander ali
 andrew angel anthony antonio arthur barack ben benjamin bernard bill bob
 bobby boris brad bradley brandon brett brian bruce bryan carl carlos charles chris
 christian christopher clarence craig dale dan daniel darren dave david dean
 dennis derek dick don donald doug douglas duncan dylan eddie edward emmanuel
 eric erik ernest ethan eugene francis frank fred frederick gary gavin george
 gerald glenn gordon greg gregory harold harry hassan henry howard hugh ian ivan
 jack jacob james jared jason jay jeff jeffrey jeremy jerry jesse jim jimmy
 joe joel john johnny jon jonathan jorge jose joseph josh joshua juan justin keith
 ken kenneth kurt larry lawrence lee leon lindsey louis luis luke marco
 marcus mark martin matt matthew max michael mike mitch mohammed muhammad
 nasser nathan neil nicholas nick nigel noah oliver omar oscar patrick paul pedro
 peter phil philip pierre rafael ralph randy ray raymond richard rick
 robert roberto rodney roger ron ronald roy rudy russell ryan sam samuel scott sean
 sergei sergey seth shane sidney stanley stephen steve steven stuart ted terry
 thomas tim timothy todd tom tony travis tyler vladimir walter wayne william
 xi yusuf zachary esmaeil hassan ebrahim abbas javad ali mahmoud vladimir volodymyr
 emmanuel olaf recep benjamin narendra justin rishi keir kim mohammad hamid
 """.split()
)
