"""Common given names by gender, to pick the antecedent of "he" and "she".

Reporters introduce a person once and then write "she said"; with two people in
play, the pronoun's gender decides. The lists hold frequent given names in
English-language and international news; a name missing here only means the
pronoun falls back to the nearest subject. Names given to both ("Terry", "Kim",
"Lindsey") tell no gender, but still mark the start of a person's name.
"""

FEMALE = frozenset(
    """
    abigail ada aisha alexandra alice alicia alison amanda amber amy ana angela
    angelina ann anna anne annette ashley audrey barbara beatriz betty beverly brenda
    brittany camila carmen carol caroline catherine cathy charlotte cheryl christine
    cindy claire claudia colleen condoleezza cynthia daniela debbie deborah denise
    diana diane donna dorothy elaine eleanor elena elisabeth elizabeth ellen emily emma
    erica erin eva evelyn fatima fiona frances gabriela gina giorgia gloria grace hannah
    heather helen hillary holly ingrid irene isabel jacinda jacqueline jane janet janice
    jasmine jennifer jessica jill joan joanna jodi joy joyce judith judy julia
    julie kamala karen kate katherine kathleen kathryn kathy katie kayla kimberly
    kristen laura lauren leah leila linda lisa liz lori louise lucy lynn madeleine maria
    marie marilyn marine martha mary megan melissa michelle monica nancy natalie nicole
    nikki nina olivia pamela patricia paula penny rachel rebecca regina renee rita
    roberta rosa rose ruth sally samantha sandra sara sarah sharon sheila shirley sofia
    sophie stephanie susan suzanne sylvia tamara teresa theresa tiffany tina tracy
    ursula valerie vanessa victoria virginia wendy yolanda yvonne zoe
    adriana aisha alejandra alexis allison alyssa amelia amina angelica anita annie
    ariana arlene ayesha becky bernadette beth bethany bianca bonnie brianna bridget
    caitlin candace carla carly carolyn cassandra cecilia celeste chelsea christina
    christy ciara clara connie courtney crystal daisy danielle daphne darlene delores
    dolores dominique doris edith eileen elaine eliza ella eloise esther eugenia
    felicia florence francesca gabrielle gail genevieve geraldine gertrude
    gwen gwendolyn hailey harriet hayley heidi hilda imelda isabella
    janelle janine jeanne jeannette jenna jenny jessie joanne jocelyn johanna josephine
    juanita judi julianne kara karin katarina katrina kaye kirsten krista
    kristin kristina kyla latoya laurie leticia lillian lily lina lindsay lorena
    lorraine lucia lucille luisa lydia mabel mackenzie maggie malala mallory
    marcia margaret margarita mariana marianne maribel marina marisa marjorie marlene
    marsha maureen maxine maya melanie melinda meredith mia michaela mildred
    miranda miriam molly nadia naomi natasha nellie nora norma olga patsy
    paulette pauline peggy phyllis priscilla raquel rhonda roberta rochelle rosalind
    rosemary roxanne sabrina sadie samira selena serena shannon shauna sherry
    silvia sonia sonya stacey stacy susana suzanne tammy tanya tara tasha
    tatiana terri thelma toni tonya tracey trisha valentina vera veronica vicki vivian
    whitney wilma yasmin yvette zara zeinab
    """.split()
)

MALE = frozenset(
    """
    aaron abbas abdul abraham adam adrian ahmed alan albert alejandro alexander ali
    andrew angel anthony antonio arthur barack ben benjamin bernard bill bob bobby boris
    brad bradley brandon brett brian bruce bryan carl carlos charles christian
    christopher clarence craig dale dan daniel darren dave david dean dennis derek dick
    don donald doug douglas duncan dylan ebrahim eddie edward emmanuel eric erik ernest
    esmaeil ethan eugene francis frank fred frederick gary gavin george gerald glenn
    gordon greg gregory hamid harold harry hassan henry howard hugh ian ivan jack jacob
    james jared jason javad jay jeff jeffrey jeremy jerry jim jimmy joe joel john
    johnny jon jonathan jorge jose joseph josh joshua juan justin keir keith ken kenneth
    kurt larry lawrence leon louis luis luke mahmoud marco marcus mark
    martin matt matthew max michael mike mitch mohammad mohammed muhammad narendra
    nasser nathan neil nicholas nick nigel noah olaf oliver omar oscar patrick paul
    pedro peter phil philip pierre rafael ralph randy ray raymond recep richard rick
    rishi robert roberto rodney roger ron ronald roy rudy russell ryan samuel scott
    sean sergei sergey seth shane stanley stephen steve steven stuart ted
    thomas tim timothy todd tom tony travis tyler vladimir volodymyr walter wayne
    william xi yusuf zachary
    abdullah abe adolfo ahmad akbar alberto alec alfred alfredo alvin amir andre andres
    andy angus anton antoine archie armando arnold arturo barry bashar benny bernie
    bert billy blake brendan brent brock bruno bryce byron caleb calvin cecil
    cedric cesar chad charlie chester chuck claude clifford clint clyde
    cody colin conor corey cornelius curtis damian damon danny dante darius darnell
    darryl dean desmond devin dexter diego dimitri dominic donnie dwight eduardo
    edwin eli elijah elliot elmer emilio enrique ernesto esteban evan everett
    fabian felipe felix fernando floyd francisco freddie gabriel garrett
    gilbert giovanni giuseppe glen guillermo gus hank hans harvey
    hector herbert herman hernan horace hugo humberto ignacio irving isaac ismail jacques
    jaime jake jamal jared javier jeb jermaine jerome jimmie joaquin joey jonah
    josef julian julio justin karl kelvin kevin khalid kirk kofi kyle lamar
    leo leonard leroy lester lloyd lonnie lorenzo lucas luther lyndon malcolm
    manuel marc mario marvin mateo maurice mauricio melvin micah miguel
    milton mitchell moses nathaniel ned nicolas noel norman olivier orlando
    owen pablo percy pete quentin ramon randall raul reggie reginald
    ricardo ricky rob robbie rocco rodrigo roland rolando roman ross ruben
    rufus rupert salvador santiago saul sebastian sergio shawn silvio simon solomon
    stefan stuart tariq ted terrence theo theodore tobias toby
    tommy trevor troy tyrone ulysses vernon vicente victor vince vincent wade
    wesley wilbur willie winston wolfgang xavier yasser yitzhak yuri zach zane
    """.split()
)

UNISEX = frozenset(
    """
    terry lee chris alex sam jesse lindsey jean andrea dana kelly cameron sidney kim casey
    taylor morgan riley avery jordan robin jamie pat leslie
    """.split()
)

# Every given name, whatever it tells of gender: where a person's name may start.
GIVEN = FEMALE | MALE | UNISEX
