"""Name lists for the demo network: people living and working in Britain, of many backgrounds.

Each background has women's and men's first names and surnames. A surname written
``"Kowalski|Kowalska"`` has a form for men and one for women. The weights are a rough
picture of the health and care workforce, not a statistic.
"""

from __future__ import annotations

import random
import unicodedata
from typing import NamedTuple


class Background(NamedTuple):
    weight: int
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _split_lines(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


BACKGROUNDS: dict[str, Background] = {
    "english": Background(
        34,
        _split(
            "Sarah Emma Claire Rachel Helen Joanne Nicola Katherine Laura Rebecca Hannah Charlotte Sophie "
            "Lucy Emily Jessica Victoria Alison Gillian Susan Karen Julie Lisa Amanda Deborah Jane Ruth "
            "Catherine Elizabeth Louise Gemma Leanne Abigail Harriet Imogen Eleanor Philippa Margaret "
            "Pauline Lorraine Denise Jacqueline Tracey Kelly Zoe Naomi Rosie Molly Georgia Amy Jenny "
            "Heather Frances Anne Joanna Beth Kate Polly Maxine Wendy Carol"
        ),
        _split(
            "David James John Michael Paul Andrew Mark Richard Stephen Simon Peter Robert Christopher "
            "Matthew Daniel Thomas Jonathan Nicholas Timothy Craig Stuart Graham Ian Neil Keith Gary "
            "Darren Lee Ben Sam Joe Harry Oliver George Jack Alex Will Hugh Rupert Martin Philip Adrian "
            "Kevin Colin Nigel Trevor Luke Adam Tom Rob Chris Jamie Toby Edward Giles Barry Dominic"
        ),
        _split(
            "Smith Jones Taylor Brown Wilson Johnson Robinson Thompson Wright Walker White Edwards Green "
            "Hall Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark King Baker "
            "Harrison Allen Scott Phillips Watson Parker Bennett Young Mitchell Cook Carter Richardson "
            "Bailey Collins Bell Shaw Miller Cox Richards Marshall Simpson Ellis Adams Wilkinson Foster "
            "Chapman Powell Webb Rogers Gray Mason Hunt Matthews Palmer Holmes Mills Barnes Knight Butler "
            "Russell Barker Fisher Stevens Dixon Harvey Pearson Fletcher Gibson Howard Andrews Elliott "
            "Reynolds Saunders Payne Fox Ford Pearce Brooks West Lawrence Cole Atkinson Bradley Spencer "
            "Dawson Ball Burton Watts Rose Booth Perry Wells Armstrong Hart Hudson Newman Barrett Webster "
            "Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Holland Hawkins "
            "Harding Porter Newton Reed Williamson Bird Gardner Dean Lane Cooke Bates Burgess Bishop "
            "Walton Nicholson Shepherd Cross Freeman Warren Sutton Yates Hodgson Robson Curtis Hopkins "
            "Harper Coleman Moss Chambers Sharp Hardy Wheeler Potter Osborne Rowe Gilbert Willis Whitehead "
            "Bentley Whitaker Ashworth Pickering Greenwood Lockwood Sykes Cartwright Goodwin Thornton"
        ),
    ),
    "welsh": Background(
        4,
        _split("Rhian Cerys Ffion Bethan Megan Sian Nia Carys Elin Angharad Lowri Catrin"),
        _split("Gareth Rhys Owen Dylan Iwan Huw Dafydd Gethin Aled Emyr Geraint Rhodri"),
        _split(
            "Jones Williams Davies Evans Thomas Roberts Hughes Lewis Morgan Griffiths Owen Lloyd Price Rees "
            "Pritchard Parry Powell Jenkins"
        ),
    ),
    "scottish": Background(
        5,
        _split("Morag Eilidh Catriona Kirsty Fiona Isla Mhairi Ailsa Shona Rhona Kirsteen Lorna"),
        _split("Callum Fraser Angus Hamish Ewan Alasdair Duncan Euan Ruaridh Calum Gregor Finlay"),
        _split(
            "Campbell Stewart Murray Anderson Robertson Reid Ross Fraser MacLeod MacDonald McKenzie "
            "Paterson Henderson Gordon Kerr Munro Grant Cameron Sinclair Buchanan"
        ),
    ),
    "irish": Background(
        5,
        _split("Siobhan Niamh Ciara Aoife Roisin Orla Sinead Clodagh Grainne Maeve Deirdre Aisling"),
        _split("Ciaran Declan Connor Niall Sean Patrick Liam Eoin Padraig Cathal Donal Fergal"),
        _split(
            "Murphy Kelly O'Brien Ryan Walsh Byrne O'Connor O'Neill McCarthy Doyle Gallagher Quinn Duffy "
            "Nolan Fitzgerald Lynch McLaughlin Kennedy Brennan Keane Moran Flanagan"
        ),
    ),
    "gujarati": Background(
        4,
        _split("Priya Anjali Sunita Kavita Neha Pooja Shreya Meera Asha Nisha Rekha Hetal Bhavna Jayshree"),
        _split("Rajesh Sanjay Vikram Rohan Rahul Amit Anil Ravi Nikhil Kiran Ashok Hitesh Jignesh Bharat"),
        _split("Patel Shah Mehta Desai Joshi Parekh Modi Thakkar Chauhan Mistry Pandya Bhatt Lakhani Vyas"),
    ),
    "punjabi": Background(
        3,
        _split("Harpreet Gurpreet Manpreet Jaspreet Simran Amrit Navdeep Rajinder Kulwinder Balvinder"),
        _split("Harjit Jaswinder Gurdeep Sukhdev Ranjit Manjit Jaspal Kuldip Amarjit Hardeep"),
        _split("Singh Kaur Sandhu Dhillon Gill Sidhu Bains Grewal Johal Virdi Sahota Atwal"),
    ),
    "pakistani": Background(
        4,
        _split("Aisha Ayesha Fatima Sana Zainab Nadia Farah Saima Rubina Shazia Nasreen Amna Hira Mehreen"),
        _split("Imran Asif Tariq Faisal Usman Bilal Zubair Kamran Shahid Adnan Omar Sajid Nadeem Haroon"),
        _split("Khan Ahmed Hussain Ali Akhtar Iqbal Rashid Malik Chaudhry Qureshi Butt Mirza Sheikh Aslam"),
    ),
    "bangladeshi": Background(
        2,
        _split("Taslima Rumana Shirin Nusrat Farhana Sultana Jesmin Shahana Rokeya Tahmina"),
        _split("Mizanur Anwar Shamim Abdul Habibur Kamal Rezaul Jamal Faruk Monir"),
        _split("Rahman Begum Uddin Islam Miah Chowdhury Hoque Ahmed Alam Hossain"),
    ),
    "south_indian": Background(
        3,
        _split("Lakshmi Divya Kavitha Revathi Anitha Deepa Padma Shobha Vidya Gayathri"),
        _split("Karthik Suresh Ganesh Pradeep Dinesh Venkat Arun Srinivas Ramesh Vijay"),
        _split("Iyer Nair Menon Reddy Rao Pillai Krishnan Subramanian Naidu Raman Varghese Kurian"),
    ),
    "sri_lankan": Background(
        1,
        _split("Tharushi Nilmini Dilani Shiromi Chamari Nadeesha"),
        _split("Ruwan Chaminda Nuwan Thilak Kasun Lalith"),
        _split("Perera Fernando Silva Jayasuriya Wickramasinghe Ratnayake Gunawardena"),
    ),
    "nigerian": Background(
        4,
        _split(
            "Ngozi Chioma Adaeze Nneka Funmilayo Folake Yetunde Bukola Temitope Kemi Ifeoma Oluwaseun "
            "Chiamaka Titilayo Amara Adaora"
        ),
        _split("Chidi Emeka Chinedu Obinna Ifeanyi Tunde Olumide Femi Segun Kunle Adebayo Babatunde Kayode Uche"),
        _split(
            "Okafor Okonkwo Adeyemi Adebayo Eze Nwosu Obi Okeke Balogun Ogunleye Afolabi Olatunji "
            "Adewale Ibrahim Chukwu Ajayi Oyelaran Onyeka Adeleke"
        ),
    ),
    "ghanaian": Background(
        2,
        _split("Akosua Abena Efua Ama Adwoa Yaa Esi Nana Afia Akua"),
        _split("Kwame Kofi Kwabena Yaw Kojo Kwaku Kwasi Ebo Fiifi Nii"),
        _split("Owusu Asante Boateng Osei Appiah Agyeman Darko Ofori Amoah Addo Quaye Tetteh Mensah"),
    ),
    "somali": Background(
        1,
        _split("Hodan Ayan Sahra Faduma Ilhan Hibo Nimco Amina"),
        _split("Abdirahman Mohamed Liban Hamza Abdullahi Yusuf Abdikarim Mukhtar"),
        _split("Abdi Farah Warsame Osman Jama Mohamud Hersi Aden Egal"),
    ),
    "zimbabwean": Background(
        1,
        _split("Tendai Rudo Chipo Nyasha Precious Tsitsi Vimbai Rutendo"),
        _split("Tatenda Farai Tinashe Tapiwa Takudzwa Kudakwashe Tafadzwa Simba"),
        _split("Moyo Ncube Dube Sibanda Mutasa Nyathi Banda Chiweshe Mapfumo"),
    ),
    "caribbean": Background(
        3,
        _split("Marcia Beverley Donna Sharon Yvonne Shanice Jade Kayla Aaliyah Paulette Claudette Simone"),
        _split("Leroy Winston Delroy Clive Marcus Jerome Tyrone Andre Errol Courtney Dwayne Kareem"),
        _split(
            "Campbell Brown Williams Clarke Francis Grant Reid Henry Bailey Gordon Forbes Samuels Gayle "
            "Blackwood McKenzie Richards"
        ),
    ),
    "chinese": Background(
        3,
        _split("Mei Ling Jing Hui Yan Xiaoling Wendy Vivian Joyce Sandra Fiona Jenny"),
        _split("Wei Jun Hao Chen Kevin Michael Raymond Kenneth Jason Wing Kai Ho"),
        _split("Chen Wong Li Zhang Wang Liu Cheung Chan Ng Lam Ho Tang Yip Lau Leung Tsang"),
    ),
    "filipino": Background(
        2,
        _split("Maricel Rowena Maria Jocelyn Cristina Rosario Marites Analyn Rhea Joy"),
        _split("Jericho Rommel Arnel Jonathan Mark Rodel Ramon Jose Dennis Noel"),
        _split("Santos Reyes Cruz Bautista Garcia Mendoza Villanueva Ramos Aquino Castillo Flores Dizon"),
    ),
    "vietnamese": Background(
        1,
        _split("Linh Thao Huong Trang Lan Mai"),
        _split("Minh Duc Tuan Quang Hieu Long"),
        _split("Nguyen Tran Pham Le Hoang Vu"),
    ),
    "polish": Background(
        3,
        _split("Agnieszka Katarzyna Magdalena Joanna Marta Anna Ewa Zofia Małgorzata Dorota"),
        _split("Tomasz Piotr Krzysztof Paweł Łukasz Marek Jakub Michał Andrzej Kamil"),
        _split(
            "Kowalski|Kowalska Nowak Wiśniewski|Wiśniewska Wójcik Kamiński|Kamińska Lewandowski|Lewandowska "
            "Zieliński|Zielińska Szymański|Szymańska Dąbrowski|Dąbrowska Kozłowski|Kozłowska Mazur Krawczyk"
        ),
    ),
    "romanian": Background(
        1,
        _split("Andreea Ioana Elena Mihaela Alina Cristina"),
        _split("Mihai Andrei Bogdan Florin Adrian Cosmin"),
        _split("Popescu Ionescu Constantin Dumitru Stan Munteanu Radu"),
    ),
    "southern_european": Background(
        2,
        _split("Giulia Francesca Lucía Carmen Inês Ana Eleni Maria Chiara Sofia"),
        _split("Marco Luca João Rui Javier Álvaro Andreas Christos Nikos Matteo"),
        _split(
            "Rossi Bianchi Romano Esposito Ricci Ferreira Pereira Costa Oliveira García Fernández López "
            "Martínez Georgiou Christodoulou Constantinou Papadopoulos Ioannou"
        ),
    ),
    "turkish": Background(
        1,
        _split("Ayşe Elif Zeynep Emine Derya Selin"),
        _split("Mehmet Emre Can Murat Kerem Serkan"),
        _split("Yilmaz Demir Kaya Şahin Çelik Arslan Doğan Aydin"),
    ),
    "arab": Background(
        2,
        _split("Layla Yasmin Rania Huda Mariam Salma Nour Dalia"),
        _split("Samir Karim Youssef Tarek Khalid Hani Walid Bassam"),
        _split("Haddad Mansour Nasser Khalil Saleh Hamdan Aziz Darwish Said Habib"),
    ),
    "iranian": Background(
        1,
        _split("Shirin Parisa Leila Maryam Nasrin Roya"),
        _split("Reza Dariush Kian Babak Amir Arash"),
        _split("Ahmadi Hosseini Karimi Rahimi Tehrani Moradi Rostami"),
    ),
}

# Of every hundred people, this many carry a surname from another background than their
# first name (marriage, mixed heritage, adoption).
MIXED_PERCENT = 12


class Name(NamedTuple):
    first: str
    last: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def _surname(raw: str, *, woman: bool) -> str:
    if "|" in raw:
        male, female = raw.split("|")
        return female if woman else male
    return raw


def pick_name(rng: random.Random, taken: set[str]) -> Name:
    """Pick a first name and surname nobody in ``taken`` (full names) already has."""
    keys = list(BACKGROUNDS)
    weights = [BACKGROUNDS[key].weight for key in keys]
    while True:
        first_from = BACKGROUNDS[rng.choices(keys, weights)[0]]
        last_from = first_from
        if rng.randrange(100) < MIXED_PERCENT:
            last_from = BACKGROUNDS[rng.choices(keys, weights)[0]]
        woman = rng.random() < 0.6
        first = rng.choice(first_from.women if woman else first_from.men)
        last = _surname(rng.choice(last_from.surnames), woman=woman)
        name = Name(first, last)
        if name.full not in taken and first != last:
            taken.add(name.full)
            return name


_ASCII_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "æ": "ae", "ß": "ss", "\u0131": "i"})


def email_part(text: str) -> str:
    """Fold a name to the letters an email address can carry: ``Łukasz O'Brien`` -> ``lukasz.obrien``."""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_EXTRA))
    ascii_only = folded.encode("ascii", "ignore").decode()
    words = ["".join(ch for ch in word if ch.isalnum()) for word in ascii_only.lower().split()]
    return ".".join(word for word in words if word)
