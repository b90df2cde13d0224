"""What the supply-and-demand demo draws from: occupations by industry, skills by occupation group, wages by city.

Occupation codes are detailed occupations (细类) of the 2022 大典; every code here is checked against the reference
data when the part runs. Wages are monthly yuan, rounded figures in line with what Shanxi's public employment
service offices advertised in 2024-2025 (coal mining highest, cleaning and security near the minimum wage).
"""

from dataclasses import dataclass

from jiuye.reference.enums import EducationLevel

E = EducationLevel
MINIMUM_WAGE = 1980  # Shanxi's first minimum-wage class (2023), yuan a month


@dataclass(frozen=True)
class OccupationProfile:
    group: str  # a key of SKILLS: occupations sharing a skill vocabulary
    wage: int  # median monthly offer in a city with factor 1, yuan
    education: str  # the usual minimum asked; "" for none
    skills: tuple[str, ...]  # the occupation's own skills, most asked first


# Skill vocabularies by occupation group, most popular first (drawn with long-tailed, Zipf-like weights).
SKILLS = {
    "mining": ("煤矿安全规程", "井下作业经验", "特种作业操作证", "吃苦耐劳", "综采设备操作", "自救器使用", "三班倒"),
    "coking_chemical": ("化工操作证", "DCS操作", "安全生产", "巡检", "倒班", "危化品知识", "设备维护"),
    "metallurgy": ("高温作业", "安全生产", "设备点检", "倒班", "天车配合", "冶炼工艺"),
    "machining": ("识图", "量具使用", "设备维护", "质量意识", "数控编程", "团队协作"),
    "electrical": ("电工证", "高低压配电", "PLC", "电气识图", "设备维修", "安全用电"),
    "construction": ("识图", "高空作业", "吃苦耐劳", "施工安全", "建筑施工特种作业证", "团队协作"),
    "transport": ("驾驶证", "熟悉路线", "吃苦耐劳", "安全驾驶", "叉车证", "货物装卸", "仓储管理"),
    "catering": ("健康证", "热情服务", "食品安全", "吃苦耐劳", "团队协作", "晋菜", "面食制作"),
    "hospitality": ("健康证", "热情服务", "礼仪接待", "普通话", "收银", "客房清洁"),
    "retail": ("沟通能力", "收银", "商品陈列", "热情服务", "普通话", "客户维护"),
    "it": ("Java", "Python", "SQL", "Linux", "前端开发", "软件测试", "数据分析", "网络运维"),
    "office": ("办公软件", "公文写作", "沟通能力", "财务软件", "档案管理", "Excel", "会计证"),
    "care": ("健康证", "耐心细致", "护理知识", "养老护理员证", "育婴员证", "家务料理", "烹饪"),
    "health": ("执业资格证", "护士资格证", "临床经验", "沟通能力", "急救技能"),
    "education": ("教师资格证", "普通话二级甲等", "课堂管理", "沟通能力", "课件制作"),
    "agriculture": ("吃苦耐劳", "种植经验", "养殖经验", "农机操作", "病虫害防治", "设施农业"),
    "services": ("吃苦耐劳", "责任心强", "健康证", "保安员证", "保洁经验", "消防知识"),
    "food": ("健康证", "食品安全", "流水线作业", "吃苦耐劳", "倒班", "包装"),
}

OCCUPATIONS = {
    # Coal mining and washing (采煤/掘进/机电/安全员).
    "6-16-01-05": OccupationProfile("mining", 9000, "", ("综采", "采煤机操作", "液压支架操作")),
    "6-16-01-04": OccupationProfile("mining", 8500, "", ("掘进机操作", "巷道掘进", "锚杆支护")),
    "6-16-01-06": OccupationProfile("mining", 8000, "", ("锚杆支护", "液压支架", "顶板管理")),
    "6-16-01-10": OccupationProfile("mining", 7500, E.SENIOR_SECONDARY, ("瓦斯检查", "通风安全", "隐患排查")),
    "6-16-01-11": OccupationProfile("mining", 7500, E.VOCATIONAL_SECONDARY, ("监测监控", "传感器维护", "安全监控")),
    "6-16-01-15": OccupationProfile("mining", 6000, "", ("洗选工艺", "浮选", "压滤")),
    "6-31-01-10": OccupationProfile("electrical", 7000, E.VOCATIONAL_SECONDARY, ("机电维修", "井下电钳", "设备检修")),
    "2-02-05-03": OccupationProfile("coking_chemical", 8000, E.BACHELOR, ("焦化工艺", "CAD", "生产管理")),
    # Coking, chemicals, building materials, metals.
    "6-10-02-02": OccupationProfile("coking_chemical", 6500, "", ("焦炉操作", "推焦", "熄焦")),
    "6-10-02-01": OccupationProfile("coking_chemical", 6000, "", ("配煤", "备煤", "皮带巡检")),
    "6-11-01-02": OccupationProfile("coking_chemical", 6200, E.VOCATIONAL_SECONDARY, ("化工单元操作", "DCS操作")),
    "6-15-01-01": OccupationProfile("metallurgy", 5500, "", ("水泥生产", "窑炉操作", "巡检")),
    "6-17-01-06": OccupationProfile("metallurgy", 7000, "", ("高炉操作", "炉前作业", "铁水处理")),
    "6-17-02-02": OccupationProfile("metallurgy", 7000, "", ("转炉炼钢", "连铸", "钢水测温")),
    "6-17-06-01": OccupationProfile("metallurgy", 6500, "", ("氧化铝生产", "溶出", "焙烧")),
    "6-17-04-02": OccupationProfile("metallurgy", 6200, "", ("铁合金冶炼", "电炉操作", "配料")),
    # Machining and assembly.
    "6-18-02-04": OccupationProfile("machining", 6800, "", ("电焊", "氩弧焊", "二保焊", "气割")),
    "6-18-01-01": OccupationProfile("machining", 6000, E.VOCATIONAL_SECONDARY, ("车床操作", "数控车", "识图")),
    "6-18-01-07": OccupationProfile("machining", 6500, E.VOCATIONAL_SECONDARY, ("CNC编程", "加工中心", "数控")),
    "6-20-01-01": OccupationProfile("machining", 5800, "", ("钳工", "装配", "划线")),
    "6-22-02-01": OccupationProfile("machining", 5500, "", ("汽车装配", "拧紧", "流水线作业")),
    "6-24-02-04": OccupationProfile("machining", 5000, "", ("光伏组件", "层压", "流水线作业")),
    "6-31-01-02": OccupationProfile("machining", 6200, E.VOCATIONAL_SECONDARY, ("机修", "钳工", "设备维护")),
    # Power.
    "6-31-01-03": OccupationProfile("electrical", 6500, E.VOCATIONAL_SECONDARY, ("低压电工", "高压电工", "配电")),
    "6-28-01-05": OccupationProfile("electrical", 7500, E.JUNIOR_COLLEGE, ("集控运行", "DCS操作", "电厂运行")),
    "6-28-01-14": OccupationProfile("electrical", 6800, E.VOCATIONAL_SECONDARY, ("变电运行", "倒闸操作", "继电保护")),
    "6-28-01-11": OccupationProfile("electrical", 5500, "", ("锅炉操作", "司炉证", "水质处理")),
    # Construction (钢筋工/焊工/电工...).
    "6-29-01-04": OccupationProfile("construction", 7000, "", ("钢筋绑扎", "钢筋下料", "识图")),
    "6-29-01-01": OccupationProfile("construction", 6800, "", ("砌砖", "抹灰", "贴砖")),
    "6-29-01-03": OccupationProfile("construction", 6500, "", ("混凝土浇筑", "振捣", "养护")),
    "6-29-01-05": OccupationProfile("construction", 7000, "", ("脚手架搭设", "登高作业")),
    "6-29-02-03": OccupationProfile("construction", 6000, "", ("筑路", "沥青摊铺", "路基施工")),
    "6-30-05-05": OccupationProfile("construction", 7500, "", ("挖掘机操作", "装载机操作", "铲车")),
    "2-02-18-02": OccupationProfile("construction", 7000, E.JUNIOR_COLLEGE, ("施工管理", "CAD", "预算")),
    # Transport and logistics.
    "4-02-02-02": OccupationProfile("transport", 7500, "", ("A2驾照", "B2驾照", "长途运输")),
    "4-02-02-01": OccupationProfile("transport", 5500, "", ("A1驾照", "B1驾照", "客运")),
    "4-02-05-01": OccupationProfile("transport", 5000, "", ("装卸", "搬运", "吃苦耐劳")),
    "4-02-06-01": OccupationProfile("transport", 4500, E.SENIOR_SECONDARY, ("仓库管理", "出入库", "盘点")),
    "4-02-07-08": OccupationProfile("transport", 6000, "", ("快递派送", "电动车驾驶", "熟悉路线")),
    # Trade and retail.
    "4-01-02-01": OccupationProfile("retail", 4500, E.SENIOR_SECONDARY, ("销售技巧", "客户开发", "谈判")),
    "4-01-02-03": OccupationProfile("retail", 3500, "", ("导购", "商品陈列", "销售技巧")),
    "4-01-02-04": OccupationProfile("retail", 3200, "", ("收银", "POS机操作", "点钞")),
    # Hotels and catering (厨师/服务员).
    "4-03-02-01": OccupationProfile("catering", 5500, "", ("晋菜", "炒锅", "切配")),
    "4-03-02-02": OccupationProfile("catering", 5000, "", ("面点制作", "刀削面", "拉面")),
    "4-03-02-05": OccupationProfile("catering", 3400, "", ("点菜", "传菜", "热情服务")),
    "4-03-01-01": OccupationProfile("hospitality", 3600, E.SENIOR_SECONDARY, ("前台接待", "入住登记", "礼仪")),
    "4-03-01-02": OccupationProfile("hospitality", 3300, "", ("客房清洁", "布草管理", "做床")),
    # Information technology (软件开发).
    "2-02-10-03": OccupationProfile("it", 9000, E.BACHELOR, ("Java", "Spring", "MySQL")),
    "4-04-05-01": OccupationProfile("it", 7000, E.JUNIOR_COLLEGE, ("Java", "前端开发", "Vue")),
    "4-04-05-02": OccupationProfile("it", 6000, E.JUNIOR_COLLEGE, ("软件测试", "测试用例", "自动化测试")),
    "4-04-05-03": OccupationProfile("office", 3800, E.SENIOR_SECONDARY, ("电话客服", "普通话", "打字")),
    # Offices, finance, HR, real estate.
    "3-01-01-01": OccupationProfile("office", 4000, E.JUNIOR_COLLEGE, ("行政事务", "办公软件", "公文写作")),
    "3-01-02-02": OccupationProfile("office", 4200, E.JUNIOR_COLLEGE, ("文秘", "会议组织", "公文写作")),
    "2-06-03-00": OccupationProfile("office", 5000, E.JUNIOR_COLLEGE, ("会计核算", "财务软件", "税务申报")),
    "4-07-03-04": OccupationProfile("office", 4800, E.JUNIOR_COLLEGE, ("招聘", "薪酬绩效", "劳动关系")),
    "4-06-01-01": OccupationProfile("services", 4000, E.SENIOR_SECONDARY, ("物业管理", "客户服务", "收费")),
    # Household services (家政/育婴员/养老护理员).
    "4-10-01-06": OccupationProfile("care", 5000, "", ("家务料理", "烹饪", "母婴护理")),
    "4-10-01-01": OccupationProfile("care", 5500, E.JUNIOR_SECONDARY, ("育婴", "早教", "婴幼儿护理")),
    "4-10-01-05": OccupationProfile("care", 4500, "", ("老人护理", "生活照料", "康复护理")),
    "4-10-01-03": OccupationProfile("care", 3800, E.SENIOR_SECONDARY, ("保育", "幼儿照护", "卫生消毒")),
    # Health and education.
    "2-05-08-01": OccupationProfile("health", 5500, E.JUNIOR_COLLEGE, ("护理操作", "输液", "病房管理")),
    "2-05-01-19": OccupationProfile("health", 9000, E.BACHELOR, ("全科诊疗", "慢病管理", "执业医师")),
    "2-08-02-04": OccupationProfile("education", 5000, E.BACHELOR, ("小学教学", "班主任工作", "课件制作")),
    "2-08-03-00": OccupationProfile("education", 3800, E.JUNIOR_COLLEGE, ("幼儿教育", "钢琴", "舞蹈")),
    # Food and drink.
    "6-01-01-02": OccupationProfile("food", 4200, "", ("制粉", "小米加工", "包装")),
    "6-02-01-01": OccupationProfile("food", 4500, "", ("烘焙", "裱花", "面包制作")),
    "6-02-05-03": OccupationProfile("food", 4300, "", ("老陈醋酿造", "发酵", "熏醅")),
    "6-02-06-03": OccupationProfile("food", 4800, "", ("白酒酿造", "制曲", "蒸馏")),
    # Farming.
    "5-01-02-01": OccupationProfile("agriculture", 3300, "", ("大田种植", "谷子种植", "农机操作")),
    "5-01-02-02": OccupationProfile("agriculture", 3500, "", ("果树修剪", "大棚种植", "蔬菜种植")),
    "5-03-02-01": OccupationProfile("agriculture", 3800, "", ("养牛", "养羊", "饲料配制")),
    "5-03-02-02": OccupationProfile("agriculture", 3600, "", ("养鸡", "防疫", "饲养管理")),
    # Security, cleaning, repairs.
    "4-07-05-01": OccupationProfile("services", 3200, "", ("保安员证", "巡逻", "门岗")),
    "4-09-08-01": OccupationProfile("services", 2600, "", ("保洁", "清洁工具使用", "垃圾分类")),
    "4-12-01-01": OccupationProfile("machining", 5500, E.VOCATIONAL_SECONDARY, ("汽车维修", "故障诊断", "钣金")),
}

# GB/T 4754 divisions of the demo employers (jiuye.employers.demo.INDUSTRY_MIX) -> occupations they hire, weighted.
INDUSTRY_OCCUPATIONS = {
    "06": {"6-16-01-05": 20, "6-16-01-04": 15, "6-31-01-10": 12, "6-16-01-10": 10, "6-16-01-06": 8,
           "6-16-01-11": 5, "6-16-01-15": 5, "6-31-01-03": 5, "4-02-02-02": 3, "2-06-03-00": 1, "4-09-08-01": 1},
    "25": {"6-10-02-02": 20, "6-10-02-01": 10, "6-11-01-02": 8, "6-31-01-10": 6, "2-02-05-03": 3, "6-31-01-03": 4,
           "4-02-05-01": 3},
    "26": {"6-11-01-02": 20, "6-31-01-03": 5, "6-31-01-02": 5, "4-02-06-01": 3, "2-06-03-00": 1},
    "30": {"6-15-01-01": 15, "6-31-01-02": 5, "4-02-05-01": 5, "4-02-02-02": 3, "4-01-02-01": 2},
    "31": {"6-17-01-06": 15, "6-17-02-02": 15, "6-31-01-10": 6, "6-31-01-03": 5, "6-18-02-04": 4, "4-02-05-01": 3},
    "32": {"6-17-06-01": 15, "6-17-04-02": 10, "6-31-01-10": 5, "6-31-01-03": 4},
    "34": {"6-18-02-04": 15, "6-18-01-01": 12, "6-18-01-07": 8, "6-20-01-01": 10, "6-31-01-02": 4, "4-01-02-01": 2},
    "36": {"6-22-02-01": 20, "6-18-02-04": 6, "6-18-01-07": 5, "6-20-01-01": 5, "4-02-06-01": 2},
    "39": {"6-24-02-04": 15, "6-20-01-01": 5, "4-04-05-01": 4, "4-04-05-02": 2, "4-02-06-01": 2},
    "44": {"6-28-01-05": 10, "6-28-01-14": 10, "6-31-01-03": 10, "6-28-01-11": 5, "4-07-05-01": 2},
    "13": {"6-01-01-02": 15, "4-02-05-01": 5, "4-01-02-01": 4, "4-02-06-01": 2},
    "15": {"6-02-06-03": 10, "6-02-05-03": 10, "4-01-02-01": 6, "4-02-05-01": 3},
    "47": {"6-29-01-04": 12, "6-29-01-01": 10, "6-18-02-04": 8, "6-31-01-03": 8, "6-29-01-03": 8,
           "6-29-01-05": 6, "6-30-05-05": 5, "2-02-18-02": 5, "4-07-05-01": 1},
    "48": {"6-29-02-03": 15, "6-30-05-05": 10, "6-29-01-03": 6, "4-02-02-02": 5, "2-02-18-02": 4},
    "51": {"4-01-02-01": 20, "4-02-06-01": 5, "4-01-02-04": 3, "2-06-03-00": 2},
    "52": {"4-01-02-03": 15, "4-01-02-04": 15, "4-02-05-01": 4, "4-07-05-01": 2, "4-09-08-01": 2},
    "54": {"4-02-02-02": 15, "4-02-07-08": 12, "4-02-05-01": 10, "4-02-06-01": 6, "4-02-02-01": 4},
    "61": {"4-03-01-01": 10, "4-03-01-02": 12, "4-03-02-01": 6, "4-03-02-05": 8, "4-07-05-01": 2},
    "62": {"4-03-02-01": 15, "4-03-02-05": 20, "4-03-02-02": 10, "4-01-02-04": 2},
    "65": {"2-02-10-03": 15, "4-04-05-01": 12, "4-04-05-02": 6, "4-04-05-03": 6, "4-01-02-01": 3},
    "70": {"4-01-02-01": 12, "4-06-01-01": 8, "2-06-03-00": 3, "3-01-01-01": 3},
    "72": {"3-01-01-01": 10, "4-07-03-04": 6, "3-01-02-02": 5, "4-07-05-01": 10, "4-09-08-01": 10, "4-04-05-03": 5},
    "80": {"4-10-01-06": 20, "4-10-01-05": 15, "4-10-01-01": 12, "4-09-08-01": 8, "4-10-01-03": 3},
    "01": {"5-01-02-01": 15, "5-01-02-02": 15, "4-01-02-01": 2},
    "03": {"5-03-02-01": 15, "5-03-02-02": 12},
    "83": {"2-08-02-04": 10, "2-08-03-00": 10, "4-01-02-01": 3, "3-01-01-01": 2},
    "84": {"2-05-08-01": 15, "2-05-01-19": 6, "4-10-01-05": 5, "4-09-08-01": 3, "2-06-03-00": 1},
    "12-fallback": {"4-01-02-01": 5, "4-02-05-01": 5, "4-07-05-01": 3},
}  # fmt: skip
FALLBACK_INDUSTRY = "12-fallback"

# What seekers ask for beyond what the market offers (求职意向), by education: desk jobs for graduates, easy service
# jobs otherwise. Mixed with the market's own mix, it makes office work a surplus and mining and care a shortage,
# as in Shanxi's published tables.
ASPIRATIONS = {
    "high": {"3-01-01-01": 25, "2-06-03-00": 12, "3-01-02-02": 8, "4-07-03-04": 6, "2-02-10-03": 6, "4-04-05-01": 5,
             "2-08-02-04": 8, "2-05-08-01": 5, "4-01-02-01": 5, "4-04-05-03": 4, "2-08-03-00": 4},
    "middle": {"4-01-02-03": 10, "4-01-02-04": 10, "4-02-06-01": 10, "4-07-05-01": 8, "4-02-02-01": 6,
               "4-04-05-03": 8, "3-01-01-01": 8, "4-03-01-01": 5, "6-31-01-03": 5, "4-02-07-08": 5},
    "low": {"4-09-08-01": 12, "4-07-05-01": 12, "4-02-05-01": 10, "5-01-02-01": 6, "4-03-02-05": 8,
            "4-10-01-06": 5, "6-29-01-01": 5, "4-01-02-03": 6, "4-02-02-02": 4},
}  # fmt: skip
ASPIRATION_SHARE = 0.55

EDUCATION_RANK = {level: rank for rank, level in enumerate(EducationLevel.values)}


def education_band(level: str) -> str:
    rank = EDUCATION_RANK.get(level, 0)
    if rank >= EDUCATION_RANK[E.JUNIOR_COLLEGE]:
        return "high"
    return "middle" if rank >= EDUCATION_RANK[E.SENIOR_SECONDARY] else "low"


def qualifies(person_education: str, asked: str) -> bool:
    return not asked or EDUCATION_RANK.get(person_education, 0) >= EDUCATION_RANK[asked]


# Wage level of each city against the province (Taiyuan highest; the coal cities above the farming south).
CITY_WAGE_FACTOR = {
    "1401": 1.18, "1402": 0.98, "1403": 0.97, "1404": 1.03, "1405": 1.04, "1406": 1.0, "1407": 0.99,
    "1408": 0.92, "1409": 0.93, "1410": 0.96, "1411": 0.98,
}  # fmt: skip

GROUP_DUTIES = {
    "mining": "按作业规程完成井下生产任务，遵守煤矿安全规程",
    "construction": "按图纸和技术交底施工，服从现场安排",
    "catering": "按标准完成出品和服务，保持后厨和前厅卫生",
    "care": "按服务合同照料服务对象的生活起居",
    "it": "参与系统的开发、测试和维护",
    "office": "完成日常行政、财务或人事事务",
}
DEFAULT_DUTIES = "完成岗位工作任务，遵守单位规章制度"

# Job fairs by month (春风行动 after the Spring Festival, 民营企业服务月 in May, 金秋招聘月 in September).
JOB_FAIRS = {2: "春风行动专场招聘会", 3: "春风行动专场招聘会", 5: "民营企业招聘月招聘会", 9: "金秋招聘月招聘会",
             10: "金秋招聘月招聘会", 7: "高校毕业生就业服务专场招聘会"}  # fmt: skip
