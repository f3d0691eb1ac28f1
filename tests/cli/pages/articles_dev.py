"""Articles of the development pages, written for rill (see build.py)."""

PAGES = []


def page(name, site, meta, text):
    PAGES.append((name, site, meta, text))


page("harbour-flood", "harbour", {
    "section": "UK", "date": "Sunday 3 March 2024 18:42 GMT",
    "related": ["Town braces for second storm in a week", "Insurers warn of rising flood claims",
                "Why rivers are rising faster than forecast"],
    "popular": ["Minister resigns over expenses claims", "Ten of the best winter walks",
                "Train strikes: what you need to know"],
}, """
# Harbour town counts the cost as river bursts its banks
! By Ines Moreau
! Residents were evacuated by boat from the lower town. Photo: Sam Ortiz/Harbour Post
The river rose by two metres in less than an hour on Sunday morning, flooding more than 300 homes, the primary school and the only road into the lower town.
Emergency crews used boats to reach families trapped on upper floors, and the county council opened the sports hall as a rest centre for those who could not return home.
"The water came up so fast. One minute we were in the kitchen, the next we were on the roof," said Paul Dunne, a retired fisherman who has lived on the quay for forty years.
The Environment Agency said rainfall in the hills above the town had been the heaviest since records began, and that the flood defences built in 2009 had been overtopped within minutes.
! Advertisement
## Questions over defences
Local councillors have asked why a second barrier, promised after the floods of 2015, was never built. The agency said funding had been approved but that work had been delayed by a dispute over land.
The mayor, Helen Ashworth, called it the worst day in the town's history and said repairs to the school alone could take a year.
! Read more: How climate change is changing our rivers
Volunteers spent the afternoon filling sandbags at the fire station, and a local bakery delivered bread and soup to the rest centre.
Forecasters expect more rain on Tuesday, and the agency has kept its severe warning in place for the valley until at least Wednesday.
""")

page("harbour-election", "harbour", {
    "section": "World", "date": "Tuesday 12 March 2024 07:15 GMT",
    "related": ["Opposition leader calls for calm", "Who are the main candidates?",
                "Turnout highest in two decades"],
    "popular": ["Storm warning for the north coast", "Interest rates held again",
                "The quiet revolution in school dinners"],
}, """
# Coalition talks begin after knife-edge election
! By Tom Reeves, Political Correspondent
! Published 12 March | Updated 09:30
Talks on forming a government began on Tuesday after an election in which no party won a majority and the two largest parties finished within a single seat of each other.
The centre-right Unity party won 71 seats and the Social Democrats 70, leaving both needing the support of at least two of the smaller parties to pass the threshold of 76 seats in parliament.
Unity's leader, Marta Kowalska, said she would speak to every party "that respects the constitution" and hoped to present a programme for government within a month.
! Advertisement
Her rival, the outgoing finance minister Jonas Lind, said the result was a mandate for change and that his party would not serve as a junior partner in any coalition.
Analysts said the Greens, who more than doubled their seats to 14, were likely to hold the balance of power, but that their demand for an end to new oil licences would be hard for either large party to accept.
## A divided country
The results showed a sharp divide between the cities, where the Social Democrats and the Greens did well, and rural districts, where Unity won almost every seat.
Turnout was 78 per cent, the highest for twenty years, after a campaign dominated by housing costs, energy prices and the war on the eastern border.
The president is expected to invite the leader of the largest party to begin formal negotiations next week.
""")

page("gazette-council", "gazette", {
    "date": "Published: 08:00, 14 March 2024",
    "related": ["Residents oppose plans for 400 homes", "Millbrook library to open on Sundays",
                "Road closures this weekend"],
}, """
# Council votes to keep Ashford swimming pool open for another year
! By Marcus Bell, Local Democracy Reporter
Ashford's swimming pool will stay open for at least another twelve months after councillors voted on Wednesday night to find the money to keep it running.
The pool, which opened in 1974, had been facing closure after the council said it could no longer afford the rising cost of heating it.
More than 6,000 people signed a petition calling for it to be saved, and dozens of swimmers, some of them in their club tracksuits, filled the public gallery for the debate.
"For many older people in this town it is the only exercise they get, and for our children it is where they learn to swim safely," said councillor Sue Patel, who proposed the motion.
! Advertisement
The council will use £180,000 from its reserves to cover the running costs while it looks for a charity or community group to take over the building.
A report to councillors said the roof and the boilers would need replacing within five years at a cost of about £2 million.
The leader of the council, Graham Holt, said the decision bought time but did not solve the problem, and warned that other services might have to be cut.
""")

page("gazette-school", "gazette", {
    "date": "Published: 16:20, 2 February 2024",
    "related": ["Head teacher retires after 30 years", "New bus route to the college",
                "Pupils raise £3,000 for hospice"],
}, """
# Millbrook primary pupils plant 500 trees on old landfill site
Children from Millbrook Primary School spent Friday morning planting 500 young trees on the old landfill site at the edge of the village.
The site, which closed in 1996, has been covered with soil and grass for years, but the parish council wants to turn it into a small wood with paths and benches.
Each class planted a row of oak, birch, hazel and rowan saplings, donated by a national woodland charity, and pupils will visit every term to measure how they are growing.
"They were so proud of their trees, some of them gave them names," said teacher Laura Kemp. "It's a lesson they will remember for a long time."
! Pupils from Year 4 with their saplings. Picture: Valley Gazette
The parish council hopes the wood will be open to the public within three years.
""")

page("wire-quake", "wire", {
    "section": "Asia Pacific", "date": "March 9, 2024 4:17 AM GMT",
    "credit": "Reporting by Kenji Mori and Rina Sato; Writing by Tom Reeves; Editing by Alison Marsh",
    "related": ["Japan's nuclear regulator checks plants after quake", "Explainer: How Japan prepares for earthquakes",
                "Yen slips as markets weigh quake damage"],
}, """
# Strong earthquake shakes northern Japan, small tsunami reported
! Rescue workers search a collapsed house in Aomori, Japan, March 9, 2024. Wire Global/Kenji Mori
! Purchase Licensing Rights, opens new tab
TOKYO, March 9 (Wire) - A magnitude 6.9 earthquake struck off the coast of northern Japan on Saturday, shaking buildings in Tokyo and setting off a small tsunami, the Japan Meteorological Agency said.
Waves of up to 40 centimetres reached the coast of Aomori prefecture about half an hour after the quake, which struck at a depth of 30 kilometres at 11:04 a.m. local time.
Public broadcaster NHK showed pictures of collapsed walls and broken windows in the port city of Hachinohe, where police said two people had been taken to hospital with minor injuries.
East Japan Railway suspended some bullet train services while it checked tracks, and about 20,000 households lost power for several hours.
The operator of a nuclear plant in the region said there were no abnormalities at its reactors, which have been shut since 2011.
Japan sits on the Pacific "Ring of Fire" and accounts for about a fifth of the world's earthquakes of magnitude 6 or greater.
""")

page("wire-markets", "wire", {
    "section": "Markets", "date": "February 27, 2024 3:52 PM GMT",
    "credit": "Reporting by Sinéad Carew; Editing by Paul Simao",
    "related": ["Oil prices edge up on supply worries", "Dollar steady ahead of inflation data",
                "Gold hits two-week high"],
}, """
# Stocks slip as investors wait for inflation data
NEW YORK, Feb 27 (Wire) - Wall Street's main indexes slipped on Tuesday as investors held back from big bets ahead of inflation figures that could shape the Federal Reserve's decision on when to start cutting interest rates.
The Dow Jones Industrial Average fell 0.3 per cent, the S&P 500 lost 0.2 per cent and the Nasdaq Composite was little changed by mid-afternoon.
Shares of chipmakers, which have led the market higher this year, gave up some of their gains, while utilities and real estate, which tend to benefit from lower rates, edged up.
"The market has priced in a lot of good news, so it needs the data to cooperate," said Anne Walsh, chief investment officer at Guggenheim Partners Investment Management.
! Sponsored
Traders now expect the first cut in June, according to futures prices, after strong jobs and inflation reports in January pushed back hopes of a move in March.
The personal consumption expenditures price index, the Fed's preferred measure of inflation, is due on Thursday.
""")

page("blog-compost", "blog", {
    "date": "March 3, 2024", "author": "Anna", "comments_count": "4 comments",
    "related": ["Winter digging: is it worth it?", "My five favourite garden tools", "How I grow garlic"],
    "tags": "compost, soil, autumn",
    "comments": [
        ("Margaret", "March 3, 2024 at 5:12 pm", "Great post, Anna! I've been adding too many grass clippings and wondering why mine smells. Going to try more cardboard."),
        ("Dave from Leeds", "March 4, 2024 at 9:40 am", "Do you turn yours every week? I never have the energy, and it still rots down eventually, just slower."),
        ("Anna", "March 4, 2024 at 10:02 am", "Hi Dave, I turn it about once a month, honestly. Slower is fine!"),
        ("Priya", "March 5, 2024 at 8:15 pm", "Thank you, this is the clearest explanation I've read. Bookmarked."),
    ],
    "recent": ["Sowing tomatoes indoors", "The great slug war of 2024", "Seed catalogue season"],
}, """
# Why my compost finally works (and what I got wrong for years)
For about six years my compost heap was a sad, slimy pile that smelled of old cabbage and never seemed to turn into anything useful. This winter, for the first time, I dug out a barrow of crumbly dark compost that looked like the stuff you buy in bags.
So what changed? Mostly, I stopped treating the heap like a bin and started treating it like a recipe.
## Browns and greens
The thing every book tells you, and that I ignored, is that a heap needs a mix of "greens", which are wet and full of nitrogen, and "browns", which are dry and full of carbon. Kitchen peelings and grass clippings are greens. Cardboard, dry leaves and straw are browns.
My old heap was almost all greens. Now I keep a stack of torn-up cardboard boxes next to it, and every time I tip in a caddy of peelings I add a good armful of cardboard on top.
* Tear cardboard into pieces no bigger than your hand.
* Remove tape and shiny labels, which never rot.
* Keep a bag of autumn leaves for the summer, when browns are scarce.
## Air and water
The second change was turning it. I'm lazy, so I only do it about once a month with a fork, but it makes a huge difference: the middle gets warm, and the smell goes.
If it looks dry, I water it, and if it looks wet, I add more cardboard. It really is that simple, and I wish someone had told me in words of one syllable years ago.
""")

page("blog-lisbon", "blog", {
    "date": "February 11, 2024", "author": "Tomás", "blog": "Slow Trains & Small Towns",
    "comments_count": "2 comments",
    "related": ["Three days in Porto", "Night train to Vienna", "Packing light for a rainy week"],
    "tags": "portugal, trains, lisbon",
    "comments": [
        ("Helen W", "February 12, 2024 at 7:31 am", "Lovely write-up. We did the tram 28 at 8am and it was empty, highly recommend going early."),
        ("Kofi", "February 14, 2024 at 6:05 pm", "Which station did you leave from for Sintra? Rossio or Oriente?"),
    ],
    "recent": ["Crossing the Pyrenees by train", "A week in Galicia", "Ten tips for rail passes"],
}, """
# A slow weekend in Lisbon without a single taxi
I arrived in Lisbon on the night train from Madrid with a small backpack, a paper map and a plan to see the city without getting into a single taxi. Three days later I had walked about fifty kilometres, ridden four trams and one ferry, and eaten more custard tarts than I will admit to.
The first thing to know is that Lisbon is steep. Really steep. The hills that make it so beautiful also make walking slow, so plan your days around the funiculars and trams rather than fighting them.
On the first morning I took the famous number 28 tram from Martim Moniz at eight o'clock, before the crowds, and rode it all the way to Prazeres, through Graça and Alfama and past the cathedral.
! Tram 28 climbing towards Graça at eight in the morning.
In the afternoon I crossed the river by ferry to Cacilhas, which costs less than two euros and gives you the best view of the city, and ate grilled sardines at a small restaurant by the quay.
The second day was for Belém, reached by the tram along the river. I went early to the monastery, which was quiet, and then queued for twenty minutes for the pastries everyone talks about. They are worth the queue.
On the last day I took the train from Rossio station to Sintra, which takes forty minutes and drops you in a town that looks like a fairy tale, with palaces scattered over a wooded hill.
If you go, buy a rechargeable travel card at the first metro station you see. It works on the trams, the buses, the ferries and the trains to Sintra and Cascais.
""")

page("review-headphones", "review", {
    "date": "Published 21 February 2024", "author": "Priya Natarajan", "verdict": "Four stars",
    "related": ["Best wireless earbuds 2024", "Sony WH-1000XM5 review", "How to clean your earbuds"],
}, """
# Aurora Sound Pro review: great noise cancelling at half the price
! Excellent noise cancelling
! Comfortable for long trips
! Bland default sound
! Touch controls too sensitive
The Aurora Sound Pro headphones cost less than half as much as the best-known noise-cancelling models, and in one important respect they come surprisingly close: they are very good at making a noisy train carriage go quiet.
I wore them for two weeks, on a long-haul flight, on daily commutes and in an open-plan office, and the noise cancelling removed almost all of the engine drone and most of the chatter around me.
## Design and comfort
The ear cups are deep and soft, and the headband is light, so I could wear them for a six-hour flight without the ache that cheaper headphones usually give me.
The touch controls on the right cup are less successful. They respond to the slightest brush, and I paused my music by accident every time I adjusted the fit.
## Sound and battery
Out of the box the sound is a little flat, with soft bass and muted highs, but the equaliser in the app fixes most of that in a minute or two.
Battery life is excellent. Aurora claims forty hours with noise cancelling on, and I got about thirty-eight, which is more than enough for a week of commuting.
## Should you buy them?
If you want good noise cancelling for travel and do not want to spend three hundred pounds, these are an easy recommendation. Audiophiles will want something more refined.
! Specifications: Weight 250g, Bluetooth 5.3, Battery 40 hours, Charging USB-C
""")

page("recipe-pie", "recipe", {
    "date": "Updated January 18, 2024", "keyword": "chicken and leek pie", "author": "Jess",
    "related": ["Easy shortcrust pastry", "Creamy mushroom soup", "Sticky toffee pudding"],
    "comments_count": "3 comments",
    "comments": [
        ("Sam", "January 20, 2024 at 6:45 pm", "Made this tonight with leftover roast chicken and it was a huge hit, even with my fussy eaters."),
        ("Jess", "January 21, 2024 at 9:02 am", "So glad, Sam! Leftover chicken is my favourite way to make it."),
        ("Lena", "January 25, 2024 at 7:30 pm", "Can I freeze it before baking?"),
    ],
}, """
# Chicken and leek pie with a crisp puff pastry lid
This is the pie I make every January, when the days are short and everyone wants something warm and comforting for dinner. It takes about an hour from start to finish, most of it in the oven, and it is a good way to use up leftover roast chicken.
The filling is simple: chicken, leeks and mushrooms in a light creamy sauce with a little mustard and thyme. I use shop-bought puff pastry for the lid, because life is too short, but homemade is lovely if you have the time.
## Ingredients
* 2 tablespoons butter
* 2 leeks, trimmed and sliced
* 200g chestnut mushrooms, sliced
* 2 tablespoons plain flour
* 300ml chicken stock
* 100ml double cream
* 1 teaspoon Dijon mustard
* 500g cooked chicken, torn into pieces
* 320g sheet of ready-rolled puff pastry
* 1 egg, beaten
## Method
* Heat the oven to 200C. Melt the butter in a large pan and cook the leeks gently for ten minutes until soft.
* Add the mushrooms and cook for five minutes more, then stir in the flour.
* Pour in the stock a little at a time, stirring, then add the cream and mustard and simmer until thick.
* Stir in the chicken, season well and spoon the filling into a pie dish.
* Lay the pastry over the top, trim the edges, brush with egg and bake for 30 minutes until golden.
""")

page("sport-derby", "sport", {
    "competition": "Premier League", "date": "Saturday 9 March 2024", "score": "Northfield 2-1 Harbour City",
    "lineups": ["Northfield: Rossi, Mensah, Clarke, Okafor, Byrne, Silva, Hughes, Duarte, Khan, Lopez, Stein",
                "Harbour City: Adams, Novak, Price, Eze, Walsh, Moreno, Tanaka, Quinn, Ivanov, Bello, Hart"],
    "related": ["Premier League table", "Northfield manager on title hopes", "Match of the week: the best goals"],
}, """
# Late Duarte winner gives Northfield derby victory
! By Aled Jones, Chief Football Writer
Rui Duarte scored in the 89th minute as Northfield came from behind to beat Harbour City 2-1 and move up to third in the Premier League.
The visitors had taken the lead against the run of play when Kenji Tanaka curled a free-kick over the wall and into the top corner after 23 minutes.
Northfield dominated the second half and equalised when Amara Khan headed in a corner from Lucas Silva on the hour.
With the game heading for a draw, Duarte collected a loose ball on the edge of the area and drove a low shot past the goalkeeper into the bottom corner, sending the home crowd into raptures.
"We never stopped believing. That's the character of this team," Northfield manager Elena Rossi said after the match.
Harbour City, who had a man sent off in stoppage time, remain eighth, six points off the European places.
""")

page("zeitung-bahn", "zeitung", {
    "section": "Wirtschaft", "date": "12. März 2024, 14:35 Uhr", "author": "Katrin Vogel",
    "related": ["Was Fahrgäste jetzt wissen müssen", "Gewerkschaft droht mit weiteren Streiks", "Pendler steigen aufs Auto um"],
}, """
# Bahn und Gewerkschaft einigen sich auf neuen Tarifvertrag
Nach monatelangem Streit haben sich die Bahn und die Lokführergewerkschaft auf einen neuen Tarifvertrag geeinigt. Weitere Streiks sind damit vorerst vom Tisch, wie beide Seiten am Dienstag in Berlin mitteilten.
Die Einigung sieht vor, dass die Wochenarbeitszeit für Schichtarbeiter bis zum Jahr 2029 schrittweise von 38 auf 35 Stunden sinkt, ohne dass die Löhne gekürzt werden. Außerdem erhalten die Beschäftigten eine Lohnerhöhung in zwei Stufen.
! Anzeige
Der Vorsitzende der Gewerkschaft sprach von einem „historischen Erfolg“ für die Beschäftigten. Die Bahn erklärte, der Kompromiss sei teuer, schaffe aber endlich Planungssicherheit für die Fahrgäste.
In den vergangenen Monaten hatten mehrere Streiks den Zugverkehr in ganz Deutschland weitgehend lahmgelegt. Millionen Pendler mussten auf das Auto oder auf Busse ausweichen.
! Lesen Sie auch: Wie sich die Streiks auf die Wirtschaft auswirken
Ökonomen schätzen, dass jeder Streiktag die Wirtschaft rund 100 Millionen Euro gekostet hat. Vor allem die Industrie, die auf pünktliche Güterzüge angewiesen ist, hatte auf eine schnelle Einigung gedrängt.
""")

page("journal-greve", "journal", {
    "section": "Société", "date": "Publié le 7 mars 2024 à 11h20", "author": "Claire Moreau",
    "related": ["Les enseignants appellent à une nouvelle journée de mobilisation", "Ce que prévoit la réforme", "Les parents d'élèves partagés"],
}, """
# Les enseignants en grève contre la réforme du collège
Des milliers d'enseignants ont manifesté jeudi dans plusieurs grandes villes de France pour protester contre la réforme du collège annoncée par le gouvernement au début de l'année.
Selon le ministère, près d'un professeur sur quatre était en grève dans les collèges, un chiffre que les syndicats jugent largement sous-estimé.
À Nantes, le cortège est parti de la place Royale vers midi. « On nous demande de faire plus avec moins de moyens, et les élèves sont les premiers à en souffrir », a expliqué Sophie, professeure de français depuis quinze ans.
! Lire aussi : Réforme du collège, ce qui va changer à la rentrée
La réforme prévoit notamment de répartir les élèves en groupes de niveau en français et en mathématiques, une mesure que les syndicats jugent contraire au principe d'égalité.
Le ministre de l'Éducation a défendu un texte qui doit, selon lui, permettre de lutter contre la baisse du niveau des élèves, tout en se disant prêt à discuter des modalités de sa mise en œuvre.
""")

page("diario-sequia", "diario", {
    "section": "Sociedad", "date": "Madrid, 5 de marzo de 2024 - 10:45", "author": "Lucía Fernández",
    "related": ["Los embalses, al 30% de su capacidad", "Cómo ahorrar agua en casa", "Los agricultores piden ayudas urgentes"],
}, """
# Cataluña amplía las restricciones de agua por la sequía
El Gobierno catalán ha ampliado este martes las restricciones de agua a otros cuarenta municipios ante la sequía más grave que sufre la región desde que existen registros.
Las nuevas medidas limitan el consumo a 200 litros por habitante y día, prohíben regar jardines y llenar piscinas, y reducen en un 80% el agua destinada a la agricultura.
Los embalses que abastecen a Barcelona y su área metropolitana se encuentran por debajo del 16% de su capacidad, según los últimos datos de la Agencia Catalana del Agua.
«No podemos esperar a que llueva, tenemos que actuar ya», ha afirmado el consejero de Acción Climática en una rueda de prensa en la que ha pedido a los ciudadanos que reduzcan su consumo.
! Publicidad
Los expertos advierten de que, si no llueve en las próximas semanas, será necesario traer agua en barco desde otros puertos, como ya ocurrió en 2008.
""")

page("novosti-metro", "novosti", {
    "section": "Город", "date": "15 марта 2024, 09:12", "author": "Анна Смирнова",
    "related": ["Когда откроют новые станции", "Цены на проезд вырастут с апреля", "Как изменятся маршруты автобусов"],
}, """
# В городе открылись три новые станции метро
В пятницу утром в городе открылись три новые станции метро, которые соединили спальные районы на севере с центром.
Первые пассажиры вошли на станции в шесть часов утра. По словам представителей метрополитена, за первые два часа работы новыми станциями воспользовались более двадцати тысяч человек.
«Раньше дорога до работы занимала у меня больше часа, теперь я доеду за двадцать минут», — рассказала жительница района Мария Петрова.
! Реклама
Строительство участка длиной восемь километров началось пять лет назад и обошлось городскому бюджету почти в сорок миллиардов рублей.
Власти обещают, что до конца следующего года откроются ещё две станции на этой линии.
""")

page("harbour-live", "harbour", {
    "section": "UK", "date": "Live Updated 14:05 GMT, 20 March 2024",
    "related": ["Budget 2024: what it means for you", "Income tax calculator", "Analysis: a budget for the election"],
    "popular": ["Pension age to rise sooner", "Fuel duty frozen again", "Childcare funding explained"],
}, """
# Budget 2024: Chancellor cuts National Insurance by two pence
! Live Reporting
! Edited by Sarah Quinn and Daniel Hart
! Summary
* National Insurance will fall by two pence in the pound from April
* Fuel duty is frozen for another year
* A new tax on vaping products will start in 2026
! 14:05
The chancellor has sat down after speaking for just over an hour. The main announcement, a two pence cut in employee National Insurance, will save an average worker about £450 a year, according to the Treasury.
! 13:48
On childcare, the chancellor confirmed that the expansion of free hours for working parents will go ahead as planned, with the next stage starting in September.
! 13:31
Fuel duty will be frozen for another twelve months, and the temporary five pence cut introduced two years ago will stay in place. Motoring groups welcomed the decision, but environmental campaigners said it sent the wrong signal.
! 13:12
The chancellor says the economy has turned a corner and that inflation is expected to fall below the two per cent target within months. The opposition leader will respond when he has finished.
""")

page("gazette-column", "gazette", {
    "date": "Published: 10:30, 22 March 2024",
    "related": ["Letters: readers on the bypass plan", "Your pictures of the valley in spring", "Farmers' market returns"],
}, """
# Why I still write letters by hand
! Opinion
! By June Maddox
My granddaughter laughed when she saw me at the kitchen table last week with a pad of blue writing paper and a fountain pen. She said nobody writes letters any more, and she is probably right.
But I have written to my oldest friend, who lives in New Zealand, every month since 1968, and I am not going to stop now. We could send each other messages on our phones, and sometimes we do, but it is not the same.
A letter takes time. You have to sit down, think about what you want to say and say it properly, because you cannot delete it. And when a letter arrives, with a foreign stamp and familiar handwriting, it is an event.
I keep all of hers in a shoebox under the bed. When I read them now, I can see our whole lives in them: weddings, children, illnesses, houses, the death of her husband and then of mine.
I doubt anyone will keep my text messages in a shoebox.
! June Maddox has lived in Millbrook for fifty years. She writes a monthly column for the Gazette.
! Do you have a view on this? Write to letters@valleygazette.example
""")

page("wire-interview", "wire", {
    "section": "Technology", "date": "March 14, 2024 10:01 AM GMT",
    "credit": "Interview by Leila Haddad; Editing by Susan Fenton",
    "related": ["EU lawmakers approve AI rules", "Chipmakers race to build factories in Europe", "Analysis: the cost of cloud computing"],
}, """
# Interview: Europe's chip plan is late, but not too late, says industry chief
BRUSSELS, March 14 (Wire) - Europe will miss its goal of making a fifth of the world's chips by 2030, but the money being spent on new factories will still leave the region far less exposed to shortages, the head of the European semiconductor industry group said in an interview.
Q: Is the target of 20 per cent of global production realistic?
A: Honestly, no. The rest of the world is also investing, so the market is growing very fast. If we reach 12 or 13 per cent, that is already a huge achievement, because without this plan we would be heading towards 8 per cent.
Q: What is the biggest problem?
A: People. We need tens of thousands of engineers and technicians, and we are not training enough of them. Money can build a factory in three years, but it takes ten years to build the skills.
Q: Are governments spending the money wisely?
A: Mostly yes. The risk is that everyone wants a factory in their own country, and we end up with too many small projects instead of a few that can compete with Taiwan and Korea.
The group represents more than 200 companies, from equipment makers to chip designers.
""")

page("blog-books", "blog", {
    "date": "January 30, 2024", "author": "Ruth", "blog": "The Reading Chair",
    "comments_count": "5 comments",
    "related": ["My 2023 reading in numbers", "Five books for a long train journey", "Why I gave up on audiobooks"],
    "tags": "books, reviews, novels",
    "comments": [
        ("Ben", "January 30, 2024 at 9:15 pm", "I loved this one too, though I thought the ending was rushed. The middle section in the lighthouse is extraordinary."),
        ("Ruth", "January 31, 2024 at 8:00 am", "Agreed about the ending, Ben! I wanted another fifty pages."),
        ("Clara M.", "February 1, 2024 at 1:22 pm", "Adding it to my list. Have you read her first book? It's quite different but just as good."),
        ("Jon", "February 2, 2024 at 4:48 pm", "Not for me, I'm afraid. I found the narrator exhausting. But I'm glad others enjoyed it."),
        ("Ruth", "February 2, 2024 at 6:10 pm", "That's fair, Jon, she is a lot! Thanks for commenting."),
    ],
    "recent": ["February wrap-up", "Books I'm excited about this spring", "Rereading childhood favourites"],
}, """
# Review: The Keeper's Daughter is the best novel I've read this winter
I finished The Keeper's Daughter at two in the morning, which is usually a good sign, and then lay awake thinking about it for another hour, which is an even better one.
The novel follows Isla, who grows up in a lighthouse on a small island off the west coast of Scotland in the 1950s, and who leaves at sixteen for Glasgow and a life her father cannot imagine.
What makes it special is the voice. Isla tells the story herself, as an old woman, and she is funny, sharp and not always honest with us, so that the book becomes a puzzle as well as a family story.
The long middle section, set during a winter storm when Isla is twelve and her father falls ill, is some of the most gripping writing I have read in years.
My only complaint is the ending, which wraps things up a little too quickly after such a patient build-up. But that is a small price for everything that comes before.
If you liked the quiet, stormy novels of the last few years set on islands, and there have been a lot of them, this is the one to read.
""")

page("review-phone", "review", {
    "date": "Published 2 March 2024", "author": "Daniel Hart", "verdict": "Three and a half stars",
    "related": ["Best budget phones", "Pixel 8a review", "How long should a phone last?"],
}, """
# Lumina 5 review: a budget phone with a flagship camera
! Superb main camera
! Clean software with five years of updates
! Slow charging
! Average battery life
The Lumina 5 is the kind of phone that makes you wonder why anyone pays a thousand pounds for a flagship. For less than a third of that, it takes photos that are almost as good as the best phones I have tested this year.
In daylight, the main camera captures sharp, natural-looking pictures with accurate colours, and the night mode is excellent, pulling detail out of dark streets without making them look artificial.
The rest of the phone is more ordinary. The screen is bright and smooth, but the plastic back picks up fingerprints, and the speaker sounds thin at high volume.
Battery life is a weak point. On a normal day of messaging, browsing and taking photos I usually had about 20 per cent left at bedtime, and charging is slow, taking almost two hours from empty.
The software is a pleasure, though: a clean version of Android with no unwanted apps, and a promise of five years of security updates, which is rare at this price.
## Verdict
If the camera matters most to you, and you can live with slow charging, the Lumina 5 is the best value phone you can buy right now.
""")

page("sport-tennis", "sport", {
    "competition": "Tennis", "date": "Sunday 17 March 2024", "score": "Okonkwo bt Lindqvist 6-4 3-6 7-6 (7-4)",
    "lineups": [],
    "related": ["Indian Wells: full results", "Rankings: Okonkwo climbs to fifth", "Lindqvist on her comeback"],
}, """
# Okonkwo wins first Masters title after epic final
! By Grace Mensah at Indian Wells
Adaeze Okonkwo won the biggest title of her career on Sunday, beating Sweden's Maja Lindqvist 6-4 3-6 7-6 (7-4) in a final that lasted almost three hours.
The 22-year-old Nigerian-born Briton saved three match points in the third set before taking the tie-break with a forehand winner down the line.
"I honestly don't know how I did that. I was so tired, but the crowd kept me going," Okonkwo said, holding the trophy.
Lindqvist, who returned to the tour last year after a long knee injury, had looked the stronger player in the second set and served for the match at 5-4 in the third.
The win will lift Okonkwo to a career-high fifth in the world rankings on Monday.
""")

page("it-treno", "small", {
    "head": ["Il Giornale della Sera", "Home", "Cronaca", "Politica", "Economia", "Esteri",
             "Sport", "Cultura", "Abbonati", "Accedi",
             "Questo sito utilizza cookie tecnici e di profilazione.", "Accetta", "Rifiuta",
             "Cronaca", "18 marzo 2024, 08:30", "di Marco Bianchi"],
    "foot": ["Condividi", "Facebook", "WhatsApp", "Leggi anche", "Sciopero dei treni, le fasce garantite",
             "Come chiedere il rimborso", "Il governo convoca i sindacati", "Più letti",
             "Chi siamo", "Contatti", "Pubblicità", "Privacy", "Note legali",
             "© Il Giornale della Sera S.p.A. - P.IVA 01234567890"],
}, """
# Sciopero dei treni, disagi in tutta Italia
Giornata difficile per i pendolari in tutta Italia a causa dello sciopero nazionale del trasporto ferroviario, che si è concluso alle nove di sera.
Secondo i sindacati, l'adesione è stata molto alta: in alcune regioni è stato cancellato più della metà dei treni regionali, mentre i treni ad alta velocità hanno subito ritardi anche di due ore.
«Sono arrivato in ufficio con tre ore di ritardo, e stasera non so come tornerò a casa», ha raccontato un pendolare alla stazione Centrale di Milano.
Le fasce di garanzia, dalle sei alle nove e dalle diciotto alle ventuno, sono state rispettate, ma le stazioni erano affollate fin dalle prime ore del mattino.
I sindacati chiedono un aumento degli stipendi e più personale per garantire la sicurezza dei lavoratori e dei passeggeri.
""")

page("pt-incendio", "small", {
    "head": ["Jornal do Norte", "Início", "País", "Mundo", "Economia", "Desporto", "Cultura",
             "Opinião", "Assinar", "Entrar", "País", "12 de março de 2024, 19:40",
             "Por Ana Ribeiro"],
    "foot": ["Partilhar", "Facebook", "X", "E-mail", "Leia também",
             "Bombeiros pedem mais meios", "Onde ficam as zonas de maior risco", "Mais lidas",
             "Ficha técnica", "Estatuto editorial", "Contactos", "Termos e condições",
             "Política de privacidade", "© Jornal do Norte 2024"],
}, """
# Incêndio destrói armazém no porto de Leixões
Um incêndio de grandes proporções destruiu na tarde desta terça-feira um armazém de mercadorias no porto de Leixões, em Matosinhos, sem provocar feridos.
O alerta foi dado pouco depois das três da tarde, e mais de cem bombeiros de várias corporações estiveram no local com cerca de trinta viaturas.
Segundo o comandante dos bombeiros, as chamas foram dominadas ao fim de quatro horas, mas os trabalhos de rescaldo deverão prolongar-se pela noite.
A nuvem de fumo negro foi visível a vários quilómetros de distância, e as autoridades pediram aos moradores das zonas próximas que mantivessem as janelas fechadas.
As causas do incêndio ainda não são conhecidas. A administração do porto garantiu que a atividade dos navios não foi afetada.
""")

page("nl-fiets", "small", {
    "head": ["De Stadskrant", "Home", "Nieuws", "Binnenland", "Buitenland", "Economie",
             "Sport", "Cultuur", "Inloggen", "Abonneren",
             "Wij gebruiken cookies om de site goed te laten werken.", "Akkoord", "Instellingen",
             "Binnenland", "4 maart 2024, 13:05"],
    "foot": ["Deel dit artikel", "Lees ook", "Nieuwe fietsenstalling bij het station",
             "Gemeente wil minder auto's in het centrum", "Meest gelezen", "Over ons",
             "Colofon", "Privacy", "Cookies", "© De Stadskrant"],
}, """
# Utrecht opent de grootste fietsenstalling van het land
In Utrecht is maandag een nieuwe fietsenstalling geopend waar meer dan twaalfduizend fietsen kunnen staan. Het is de grootste stalling van Nederland.
De stalling ligt onder het stationsplein en is dag en nacht open. De eerste vierentwintig uur zijn gratis, daarna betalen fietsers een klein bedrag per dag.
Volgens de gemeente was de bouw nodig omdat er rond het station steeds meer fietsen stonden, vaak op plekken waar ze voetgangers in de weg zaten.
Wethouder Dijkstra zei bij de opening dat de stad nu eindelijk genoeg ruimte heeft voor iedereen die met de fiets naar de trein gaat.
""")

page("pl-smog", "small", {
    "head": ["Gazeta Miejska", "Strona główna", "Wiadomości", "Kraj", "Świat", "Biznes",
             "Sport", "Kultura", "Zaloguj się", "Subskrybuj", "Wiadomości",
             "5 lutego 2024, 07:50"],
    "foot": ["Udostępnij", "Zobacz także", "Jak sprawdzić jakość powietrza", "Dotacje na wymianę pieców",
             "Najczęściej czytane", "Regulamin", "Polityka prywatności", "Kontakt", "Reklama",
             "© Gazeta Miejska 2024. Wszelkie prawa zastrzeżone."],
}, """
# Smog nad Krakowem. Darmowa komunikacja dla kierowców
Kraków wprowadził w poniedziałek darmową komunikację miejską dla kierowców z powodu bardzo złej jakości powietrza.
Według danych stacji pomiarowych normy stężenia pyłów zostały przekroczone nawet trzykrotnie. Eksperci zalecają, aby osoby starsze i dzieci nie wychodziły z domu bez potrzeby.
Z darmowych przejazdów może skorzystać każdy, kto pokaże dowód rejestracyjny samochodu. Miasto liczy, że dzięki temu mniej mieszkańców będzie jeździć autem do pracy.
Głównym źródłem zanieczyszczeń wciąż są stare piece węglowe w domach jednorodzinnych w gminach wokół miasta.
""")

page("tr-deprem", "small", {
    "head": ["Günlük Haber", "Ana Sayfa", "Gündem", "Ekonomi", "Dünya", "Spor", "Yaşam",
             "Giriş Yap", "Abone Ol", "Gündem", "8 Mart 2024, 11:20"],
    "foot": ["Paylaş", "İlgili Haberler", "Deprem sonrası yapılması gerekenler",
             "Hasar tespit çalışmaları sürüyor", "En Çok Okunanlar", "Künye", "İletişim",
             "Gizlilik Politikası", "Çerez Politikası", "© 2024 Günlük Haber. Tüm hakları saklıdır."],
}, """
# Malatya'da 5,2 büyüklüğünde deprem
Malatya'da sabah saatlerinde 5,2 büyüklüğünde bir deprem meydana geldi. Deprem çevre illerden de hissedildi.
Afet ve Acil Durum Yönetimi Başkanlığı, depremin yerin yaklaşık yedi kilometre derinliğinde gerçekleştiğini açıkladı.
İlk belirlemelere göre can kaybı ya da ağır hasar bulunmuyor. Ancak bazı eski binalarda çatlaklar oluştuğu bildirildi.
Vali, vatandaşların hasarlı binalara girmemesi gerektiğini söyledi ve ekiplerin bölgede çalışmalarını sürdürdüğünü belirtti.
""")

page("novosti-school", "novosti", {
    "section": "Образование", "date": "2 февраля 2024, 16:40", "author": "Игорь Ковалёв",
    "related": ["В школах продлили каникулы", "Как записать ребёнка в первый класс", "Новые правила ЕГЭ"],
}, """
# В районе построят новую школу на тысячу учеников
Городские власти утвердили проект новой школы в северном районе, где из-за быстрого строительства жилья не хватает мест для детей.
Школа рассчитана на тысячу сто учеников. В здании будут бассейн, два спортивных зала, библиотека и кабинеты для занятий робототехникой.
По словам чиновников, строительство начнётся весной и должно закончиться к сентябрю следующего года.
Родители давно жаловались, что детям приходится ездить на занятия в соседние районы, а в существующих школах классы переполнены.
«Мы ждали этого решения три года, наконец нас услышали», — сказала председатель родительского комитета Елена Орлова.
""")

page("zeitung-wald", "zeitung", {
    "section": "Wissen", "date": "28. Februar 2024, 09:10 Uhr", "author": "Jonas Brandt",
    "related": ["Borkenkäfer: Was Waldbesitzer tun können", "Warum Buchen leiden", "So steht es um den deutschen Wald"],
}, """
# Dem deutschen Wald geht es so schlecht wie nie
Nur noch jeder fünfte Baum in Deutschland ist gesund. Das geht aus dem neuen Waldzustandsbericht hervor, den das Landwirtschaftsministerium am Mittwoch vorgestellt hat.
Besonders schlimm steht es um die Fichten, die unter Trockenheit und dem Borkenkäfer leiden. Aber auch Buchen und Eichen zeigen immer häufiger Schäden an den Kronen.
„Die heißen und trockenen Sommer der vergangenen Jahre haben den Bäumen stark zugesetzt“, sagte der Minister bei der Vorstellung des Berichts.
## Umbau zu Mischwäldern
Förster setzen deshalb darauf, Monokulturen in Mischwälder umzubauen, die mit dem Klimawandel besser zurechtkommen. Der Bund unterstützt das mit mehreren hundert Millionen Euro im Jahr.
Umweltverbände kritisieren, dass das Geld nicht ausreiche und zu langsam bei den Waldbesitzern ankomme.
""")

page("journal-vin", "journal", {
    "section": "Économie", "date": "Publié le 25 février 2024 à 08h05", "author": "Julien Petit",
    "related": ["Les viticulteurs manifestent à Bordeaux", "Le vin français à la conquête de l'Asie", "Arrachage de vignes : ce que prévoit l'État"],
}, """
# Dans le Bordelais, des viticulteurs arrachent leurs vignes
Faute d'acheteurs, de nombreux viticulteurs du Bordelais ont décidé d'arracher une partie de leurs vignes, avec l'aide d'un plan financé par l'État et la région.
La consommation de vin rouge recule depuis des années en France, et les exportations vers la Chine se sont effondrées, laissant des stocks considérables dans les chais.
« Mon grand-père a planté ces vignes, et c'est moi qui les arrache. C'est très dur », confie Pierre, qui exploite vingt hectares près de Libourne.
Le plan prévoit une aide de 6 000 euros par hectare arraché, à condition que les terres ne soient pas replantées en vigne pendant plusieurs années.
Certains se tournent vers d'autres cultures, comme les céréales ou les noisettes, d'autres vers le tourisme, en transformant leurs chais en gîtes.
""")

page("diario-futbol", "diario", {
    "section": "Deportes", "date": "Sevilla, 10 de marzo de 2024 - 23:10", "author": "Javier Ortega",
    "related": ["Así queda la clasificación", "Las notas de los jugadores", "El entrenador: «Merecimos más»"],
}, """
# El Betis remonta y gana el derbi en el último minuto
El Betis remontó un gol en contra y ganó el derbi sevillano por 2-1 gracias a un tanto de cabeza de su central en el último minuto del partido.
El Sevilla se había adelantado en la primera parte con un disparo desde fuera del área que sorprendió al portero local.
Tras el descanso, el Betis salió con más intensidad y empató a los diez minutos con una jugada colectiva que terminó con un remate a puerta vacía.
Cuando el partido parecía terminar en empate, un córner en el minuto 90 dio la victoria al equipo verdiblanco y desató la locura en las gradas.
Con este resultado, el Betis se coloca sexto en la clasificación, a dos puntos de los puestos europeos.
""")

page("harbour-brief", "harbour", {
    "section": "Business", "date": "Friday 15 March 2024 11:02 GMT",
    "related": ["Bank of England holds rates", "House prices edge higher", "What the inflation figures mean"],
    "popular": ["Supermarket price war deepens", "Airline cancels summer flights", "Best savings rates this week"],
}, """
# Bakery chain to close 40 shops
! By Business reporter
The bakery chain Golden Crust is to close 40 of its 300 shops, putting about 400 jobs at risk, after a fall in sales and a sharp rise in the cost of flour and energy.
The company said it would try to find jobs in other branches for as many staff as possible, and that most of the shops would close by the end of May.
""")

page("harbour-explainer", "harbour", {
    "section": "Science", "date": "Wednesday 6 March 2024 06:00 GMT",
    "related": ["Scientists confirm record ocean temperatures", "How El Niño affects the weather", "The countries most at risk"],
    "popular": ["Why your energy bill may fall in April", "The best telescopes for beginners", "Ten foods that last for years"],
}, """
# What is a heat dome, and why are they becoming more common?
! By Priya Natarajan, Science Correspondent
! In this article
! What is a heat dome?
! Why are they getting worse?
! What can be done?
Parts of southern Europe have been under a so-called heat dome for more than a week, with temperatures above 40C and little relief at night. But what exactly is a heat dome, and why do scientists expect to see more of them?
## What is a heat dome?
A heat dome forms when an area of high pressure sits over a region for days or weeks. The high pressure pushes air down towards the ground, where it is compressed and warms up, and it also keeps clouds away, so the sun heats the ground all day.
The result is like a lid on a pan: hot air is trapped near the surface, and each day is hotter than the last.
## Why are they getting worse?
Heat domes are a natural part of the weather, but climate change is making them hotter and longer. A warmer atmosphere means that each one starts from a higher temperature, and some scientists think changes in the jet stream may make them stay in place for longer.
Studies of recent heatwaves in Europe and North America have found that they would have been almost impossible without the warming caused by human activity.
## What can be done?
In the short term, the advice is simple: stay out of the sun in the hottest part of the day, drink water and check on elderly neighbours, who are most at risk.
In the longer term, cities are planting trees, painting roofs white and building cooling centres, while governments argue about how quickly to cut the emissions that are driving the change.
""")

page("gazette-walks", "gazette", {
    "date": "Published: 09:00, 30 March 2024",
    "related": ["Where to see bluebells this spring", "Country park car park charges to rise", "Dog walkers warned about adders"],
}, """
# Five of the best spring walks in the valley
Spring has arrived in the valley, and with the clocks going forward there has never been a better time to get outside. We asked readers for their favourite walks, and here are five of the best.
## 1. Millbrook Woods and the old mill
An easy three-mile loop through ancient woodland, with carpets of bluebells in late April and a café at the restored mill at the halfway point.
## 2. Ashford Beacon
A steep climb, but the views from the top stretch across three counties on a clear day. Allow two hours and take a flask.
## 3. The canal towpath to Lower Fenton
Flat and good for pushchairs and wheelchairs, this walk follows the canal for four miles past locks, narrowboats and herons.
## 4. Hollow Lane and the chalk pits
A quieter route with wild orchids in early summer. The lane can be muddy after rain, so wear boots.
## 5. The river meadows
A gentle walk along the river, best in the early morning, when you may see kingfishers and, if you are lucky, an otter.
! Send us your walking photos at pictures@valleygazette.example
""")
